import Foundation

/// One Bulk API 2.0 ingest job: what it was created with, the data uploaded, and, once closed and processed, the
/// outcome of every row.
///
/// States follow the documented life cycle: `Open` (accepting data) → `UploadComplete` (closed) → `InProgress` →
/// `JobComplete` or `Failed`; `Aborted` from any state before the end. The sandbox processes the rows when the job
/// is closed (so a client that crashes after closing finds the records written, as in a real org) and reveals the
/// states one job-info request at a time: the first after closing answers `InProgress`, the next the outcome.
/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_job_states.htm
struct SalesforceIngestJob: Sendable {
    enum State: String, Sendable {
        case open = "Open", uploadComplete = "UploadComplete", inProgress = "InProgress"
        case jobComplete = "JobComplete", failed = "Failed", aborted = "Aborted"

        var isTerminal: Bool { self == .jobComplete || self == .failed || self == .aborted }
    }

    /// What became of one uploaded row.
    enum RowOutcome: Sendable, Equatable {
        /// Updated: the record's 18-character id.
        case success(id: String)
        /// Refused: the record's id when it exists (empty otherwise) and `sf__Error`
        /// (`CODE:message:field,field --`).
        case failure(id: String, error: String)
        /// Never processed (the job failed or was aborted first).
        case unprocessed
    }

    var id: String
    var object: String
    var operation: String
    var apiVersion: Double
    var lineEnding: SalesforceIngestCSV.LineEnding
    var columnDelimiter: String
    var createdDate: Date
    var systemModstamp: Date
    var state: State
    /// The outcome the job reaches once the client has seen it `InProgress`.
    var outcome: State?
    /// Job-info requests that saw it `InProgress`.
    var pollsInProgress = 0
    /// Every body `PUT` to the job; more than one makes closing fail, as in a real org.
    var uploads: [[UInt8]] = []
    /// The uploaded header and rows, once processed.
    var header: [String] = []
    var rows: [[String]] = []
    var results: [RowOutcome] = []
    var errorMessage: String?

    var processed: Int { results.filter { $0 != .unprocessed }.count }
    var failed: Int {
        results.filter { if case .failure = $0 { true } else { false } }.count
    }

    /// The job-info body (`GET`, and the answers to create and close).
    /// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm
    func info(version: String, counts: Bool) -> JSONValue {
        var body: [String: JSONValue] = [
            "id": .string(id), "operation": .string(operation), "object": .string(object),
            "createdById": .string(SalesforceID.make(prefix: "005", number: 1)),
            "createdDate": .string(SandboxTimestamp.salesforce(createdDate)),
            "systemModstamp": .string(SandboxTimestamp.salesforce(systemModstamp)),
            "state": .string(state.rawValue), "concurrencyMode": "Parallel", "contentType": "CSV",
            "apiVersion": .double(apiVersion), "jobType": "V2Ingest",
            "lineEnding": .string(lineEnding.rawValue), "columnDelimiter": .string(columnDelimiter),
        ]
        if state == .open { body["contentUrl"] = .string("services/data/\(version)/jobs/ingest/\(id)/batches") }
        if counts {
            body["numberRecordsProcessed"] = .int(state.isTerminal ? processed : 0)
            body["numberRecordsFailed"] = .int(state.isTerminal ? failed : 0)
            body["retries"] = 0
            body["totalProcessingTime"] = .int(state.isTerminal ? rows.count : 0)
            body["apiActiveProcessingTime"] = .int(state.isTerminal ? rows.count : 0)
            body["apexProcessingTime"] = 0
        }
        if let errorMessage, state == .failed { body["errorMessage"] = .string(errorMessage) }
        return .object(body)
    }
}

import Foundation
import LeadBridge
import Logging

/// Salesforce Bulk API 2.0 ingest for push backfills: the four steps of ``BulkRecordSink`` (open an `update` job,
/// upload its CSV and close it, wait for it and read its per-record results, abort it) over the HTTP client, token
/// refresh, API version and call ledger of a ``SalesforceSource``.
///
/// A job takes its data in one upload of at most 100 MB of CSV (150 MB once Salesforce has base64-encoded it);
/// ``uploadAndClose(jobID:object:_:)`` refuses more, so a caller splits a larger backfill into several jobs.
/// Waiting polls the job's state on the injected clock, from `pollInterval`, doubling up to `maxPollInterval`.
///
/// ```swift
/// let bulk = SalesforceBulkIngest(source: source, pollInterval: .seconds(2), clock: ContinuousClock())
/// let job = try await bulk.openBulkJob(object: "Lead")      // journal `job` before uploading
/// try await bulk.uploadAndClose(jobID: job, object: "Lead", changes)
/// if case .finished(let results) = try await bulk.bulkResults(jobID: job) { … }
/// ```
///
/// Calls per job: create, upload, close, one job-info request per poll, then the successful and failed results
/// that the job's counts say are not empty (and the unprocessed records of a job that failed or was aborted after
/// processing some rows).
public struct SalesforceBulkIngest: Sendable {
    public let source: SalesforceSource
    /// From how many changed records of one object a backfill uses a bulk job (connection setting
    /// `bulk_threshold`).
    public var bulkThreshold: Int
    /// The first wait between two job-info requests.
    public var pollInterval: Duration
    /// The longest wait between two job-info requests.
    public var maxPollInterval: Duration
    /// How long ``bulkResults(jobID:)`` waits for a closed job before giving up (the job keeps running: ask again
    /// later).
    public var maxWait: Duration
    public let clock: any Clock<Duration>
    /// The most CSV bytes one job takes; ``uploadLimit`` unless lowered.
    public var maxUploadBytes = SalesforceBulkIngest.uploadLimit

    /// The most CSV one job takes: "upload data that doesn't exceed 100 MB" (it is base64-encoded to at most
    /// 150 MB). https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/upload_job_data.htm
    public static let uploadLimit = 100_000_000

    /// - Parameters:
    ///   - source: the connection's source, whose client, tokens and API version the jobs use.
    ///   - clock: sleeps between polls; nil for the source's client clock.
    public init(source: SalesforceSource, bulkThreshold: Int = SalesforceSettings.defaultBulkThreshold,
                pollInterval: Duration = .seconds(2), maxPollInterval: Duration = .seconds(30),
                maxWait: Duration = .seconds(3_600), clock: (any Clock<Duration>)? = nil) {
        self.source = source
        self.bulkThreshold = bulkThreshold
        self.pollInterval = pollInterval
        self.maxPollInterval = max(maxPollInterval, pollInterval)
        self.maxWait = maxWait
        self.clock = clock ?? source.client.clock
    }

    var jobsPath: String { "services/data/\(source.apiVersion)/jobs/ingest" }
    var createEndpoint: String { "POST /services/data/\(source.apiVersion)/jobs/ingest" }
    var uploadEndpoint: String { "PUT /services/data/\(source.apiVersion)/jobs/ingest/{id}/batches" }
    var stateEndpoint: String { "PATCH /services/data/\(source.apiVersion)/jobs/ingest/{id}" }
    var infoEndpoint: String { "GET /services/data/\(source.apiVersion)/jobs/ingest/{id}" }
    func resultsEndpoint(_ kind: String) -> String {
        "GET /services/data/\(source.apiVersion)/jobs/ingest/{id}/\(kind)"
    }

    // MARK: The four steps

    /// Opens an `update` job on `object` (CSV, comma, LF); returns its id. Nothing is written until it is closed.
    ///
    /// - Throws: ``APIError``; `outcomeUnknown` when the request was sent without an answer (a job may have been
    ///   opened: it is never closed, so it writes nothing, and Salesforce deletes it after a day).
    public func openBulkJob(object: String) async throws(APIError) -> String {
        let body = try Self.json(SalesforceWire.CreateIngestJob(object: object), endpoint: createEndpoint)
        let job = try await source.client.json(SalesforceWire.IngestJob.self, endpoint: createEndpoint) {
            [jobsPath, createEndpoint] auth throws(APIError) in
            HTTPRequest(.post, try Self.url(auth, jobsPath, endpoint: createEndpoint),
                        headers: Self.headers(auth, contentType: "application/json"), body: body)
        }
        try Self.checkID(job.id, endpoint: createEndpoint)
        source.client.logger.info("opened a Salesforce bulk ingest job", metadata: [
            "crm.object": "\(object)", "bulk.job": "\(job.id)"])
        return job.id
    }

    /// Uploads the changes as the job's CSV in one request and closes the job (`UploadComplete`), after which
    /// Salesforce processes it. With no changes, the job is aborted instead.
    ///
    /// - Throws: ``APIError``: `badRequest` before anything is sent when the CSV exceeds ``maxUploadBytes`` (the
    ///   job is aborted; split the changes into several jobs); `outcomeUnknown` when the upload or the close was
    ///   sent without an answer (``bulkResults(jobID:)`` then tells whether the job was closed).
    public func uploadAndClose(jobID: String, object: String, _ changes: [RecordWrite]) async throws(APIError) {
        try Self.checkID(jobID, endpoint: uploadEndpoint)
        guard !changes.isEmpty else {
            try await abortBulkJob(jobID: jobID)
            return
        }
        let csv = SalesforceBulkCSV.encode(changes)
        guard csv.data.count <= maxUploadBytes else {
            try? await abortBulkJob(jobID: jobID)
            throw APIError(.badRequest, endpoint: uploadEndpoint, message: "the CSV of \(csv.rows) \(object) "
                + "records is \(csv.data.count) bytes; a Bulk API 2.0 job takes at most \(maxUploadBytes) "
                + "bytes (150 MB once base64-encoded), so job \(jobID) was aborted: split the changes into jobs of "
                + "at most \(max(1, csv.rows * maxUploadBytes / csv.data.count)) records")
        }
        let path = "\(jobsPath)/\(jobID)/batches"
        let data = csv.data
        _ = try await source.client.send(endpoint: uploadEndpoint, build: { [uploadEndpoint] auth throws(APIError) in
            // A second upload to a job makes it unusable: never resent blindly.
            HTTPRequest(.put, try Self.url(auth, path, endpoint: uploadEndpoint),
                        headers: Self.headers(auth, contentType: "text/csv"), body: data, timeout: 600,
                        idempotent: false)
        }, decode: { _ in true })
        let closed = try await setState("UploadComplete", jobID: jobID)
        source.client.logger.info("uploaded and closed a Salesforce bulk ingest job", metadata: [
            "crm.object": "\(object)", "bulk.job": "\(jobID)", "bulk.records": "\(csv.rows)",
            "bulk.bytes": "\(csv.data.count)", "bulk.state": "\(closed.state)"])
    }

    /// Waits for the job to end (polling its state with back-off) and reads what it came to:
    /// - `Open`: ``BulkJobOutcome/neverClosed`` (nothing was written; abort it and re-plan);
    /// - `JobComplete`: ``BulkJobOutcome/finished(_:)`` with the successful and failed records;
    /// - `Failed` or `Aborted`: ``BulkJobOutcome/failed(_:results:)`` with the job's message and, when it processed
    ///   rows, what became of them (successful rows stay written; the rows it never reached are `skipped`).
    ///
    /// - Throws: ``APIError``; `outcomeUnknown` when the job is still running after `maxWait` (it keeps running:
    ///   ask again later, never upload the data again); `notFound` for a job Salesforce no longer knows.
    public func bulkResults(jobID: String) async throws(APIError) -> BulkJobOutcome {
        try Self.checkID(jobID, endpoint: infoEndpoint)
        let elapsed = ElapsedClock(clock)
        var delay = pollInterval
        while true {
            let job = try await info(jobID)
            let step = try Self.step(job, waited: elapsed.now, delay: delay, maxWait: maxWait,
                                     endpoint: infoEndpoint)
            switch step {
            case .neverClosed:
                return .neverClosed
            case .wait(let pause):
                do { try await elapsed.sleep(for: pause) } catch {
                    throw APIError(.network, endpoint: infoEndpoint, message: "cancelled while waiting for job "
                        + "\(jobID)")
                }
                delay = min(delay * 2, maxPollInterval)
            case .giveUp:
                throw APIError(.outcomeUnknown, endpoint: infoEndpoint, message: "job \(jobID) is still "
                    + "\(job.state) after \(elapsed.now); it keeps running in Salesforce: ask for its results on "
                    + "the next run and never upload its data again")
            case .collect(let failure):
                let results = try await results(of: job)
                if let failure { return .failed(failure, results: results) }
                return .finished(results)
            }
        }
    }

    /// Aborts a job so that it never runs (`Aborted`); a job already aborted is left as it is.
    ///
    /// - Throws: ``APIError``: `badRequest` when the job has already ended otherwise (read its results instead).
    public func abortBulkJob(jobID: String) async throws(APIError) {
        try Self.checkID(jobID, endpoint: stateEndpoint)
        do throws(APIError) {
            _ = try await setState("Aborted", jobID: jobID)
        } catch where error.code == .badRequest {
            let job = try await info(jobID)
            guard job.state != "Aborted" else { return }
            throw APIError(.badRequest, endpoint: stateEndpoint, status: error.status, apiCode: error.apiCode,
                message: "job \(jobID) is \(job.state) and can no longer be aborted (\(error.message)); read its "
                    + "results instead")
        }
    }

    // MARK: Polling

    /// What to do after reading a job's state: a pure decision.
    enum PollStep: Equatable {
        case neverClosed
        case wait(Duration)
        case giveUp
        /// Read the results; `failure` is the reason of a job that failed or was aborted.
        case collect(failure: String?)
    }

    static func step(_ job: SalesforceWire.IngestJob, waited: Duration, delay: Duration, maxWait: Duration,
                     endpoint: String) throws(APIError) -> PollStep {
        switch job.state {
        case "Open":
            return .neverClosed
        case "UploadComplete", "InProgress":
            return waited >= maxWait ? .giveUp : .wait(min(delay, maxWait - waited))
        case "JobComplete":
            return .collect(failure: nil)
        case "Failed":
            return .collect(failure: job.errorMessage.map { "the job failed: \($0)" } ?? "the job failed")
        case "Aborted":
            return .collect(failure: "the job was aborted" + (job.errorMessage.map { ": \($0)" } ?? ""))
        default:
            throw APIError(.invalidResponse, endpoint: endpoint, message: "job \(job.id) is in state "
                + "`\(job.state)`, which Bulk API 2.0 does not document")
        }
    }

    /// The per-record results of an ended job, reading only the files its counts say are not empty.
    func results(of job: SalesforceWire.IngestJob) async throws(APIError) -> [RecordWriteResult] {
        let processed = job.numberRecordsProcessed
        let failed = job.numberRecordsFailed
        let ended = job.state != "JobComplete"
        // A job that failed or was aborted before processing anything wrote nothing: no file says more.
        if ended, processed == 0 { return [] }
        var results: [RecordWriteResult] = []
        if processed.map({ $0 - (failed ?? 0) > 0 }) ?? true {
            results += SalesforceBulkResults.written(try await resultFile("successfulResults", job: job.id))
        }
        if failed.map({ $0 > 0 }) ?? true {
            results += SalesforceBulkResults.rejected(try await resultFile("failedResults", job: job.id))
        }
        if ended {
            let reason = job.errorMessage ?? (job.state == "Aborted" ? "it was aborted" : "it failed")
            do throws(APIError) {
                results += SalesforceBulkResults.skipped(try await resultFile("unprocessedrecords", job: job.id),
                                                         reason: reason)
            } catch where error.code == .notFound || error.code == .badRequest {
                // The records it would name are re-planned anyway: nothing is known of them beyond the results.
                source.client.logger.notice("the unprocessed records of an ended bulk job could not be read",
                                            metadata: ["bulk.job": "\(job.id)", "http.failure": "\(error)"])
            }
        }
        if let processed, results.filter({ $0.status != .skipped }).count < processed {
            // "Results are not recorded for batches that exceed the daily batch allocation."
            source.client.logger.notice("a bulk job's result files name fewer records than it processed", metadata: [
                "bulk.job": "\(job.id)", "bulk.processed": "\(processed)", "bulk.results": "\(results.count)"])
        }
        return results
    }

    // MARK: Requests

    func info(_ jobID: String) async throws(APIError) -> SalesforceWire.IngestJob {
        let path = "\(jobsPath)/\(jobID)"
        return try await source.client.json(SalesforceWire.IngestJob.self, endpoint: infoEndpoint) {
            [infoEndpoint] auth throws(APIError) in
            HTTPRequest(.get, try Self.url(auth, path, endpoint: infoEndpoint), headers: Self.headers(auth))
        }
    }

    func setState(_ state: String, jobID: String) async throws(APIError) -> SalesforceWire.IngestJob {
        let path = "\(jobsPath)/\(jobID)"
        let body = try Self.json(SalesforceWire.IngestJobState(state: state), endpoint: stateEndpoint)
        return try await source.client.json(SalesforceWire.IngestJob.self, endpoint: stateEndpoint) {
            [stateEndpoint] auth throws(APIError) in
            HTTPRequest(.patch, try Self.url(auth, path, endpoint: stateEndpoint),
                        headers: Self.headers(auth, contentType: "application/json"), body: body)
        }
    }

    /// `GET …/jobs/ingest/<id>/<kind>/` as records keyed by column. The documentation writes these URIs with a
    /// trailing slash, which Salesforce does not require: a 404 to that form is asked once more without it.
    func resultFile(_ kind: String, job jobID: String) async throws(APIError) -> [[String: String]] {
        do throws(APIError) {
            return try await resultFile(kind, path: "\(jobsPath)/\(jobID)/\(kind)/")
        } catch where error.code == .notFound {
            return try await resultFile(kind, path: "\(jobsPath)/\(jobID)/\(kind)")
        }
    }

    private func resultFile(_ kind: String, path: String) async throws(APIError) -> [[String: String]] {
        let endpoint = resultsEndpoint(kind)
        return try await source.client.send(endpoint: endpoint, build: { auth throws(APIError) in
            var headers = Self.headers(auth)
            headers["Accept"] = "text/csv"
            return HTTPRequest(.get, try Self.url(auth, path, endpoint: endpoint), headers: headers, timeout: 600)
        }, decode: { response in try SalesforceBulkCSV.records(response.body) })
    }

    static func headers(_ auth: AccessToken?, contentType: String? = nil) -> [String: String] {
        var headers = SalesforceSource.headers(auth, batchSize: nil)
        if let contentType { headers["Content-Type"] = contentType }
        return headers
    }

    static func url(_ auth: AccessToken?, _ path: String, endpoint: String) throws(APIError) -> URL {
        guard let base = auth?.instanceURL,
              let url = URL(string: path, relativeTo: base.hasDirectoryPath ? base : base.appendingPathComponent(""))
        else {
            throw APIError(.invalidResponse, endpoint: endpoint, message: "no instance URL")
        }
        return url.absoluteURL
    }

    static func json(_ value: some Encodable, endpoint: String) throws(APIError) -> Data {
        do {
            return try JSONEncoder().encode(value)
        } catch {
            throw APIError(.badRequest, endpoint: endpoint, message: "cannot encode the request: \(error)")
        }
    }

    /// A job id goes into request paths: letters, digits, `-` and `_` only (Salesforce ids are 18 letters and
    /// digits).
    static func checkID(_ id: String, endpoint: String) throws(APIError) {
        guard !id.isEmpty, id.count <= 64,
              id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw APIError(.invalidResponse, endpoint: endpoint, message: "`\(id.prefix(64))` is not a Bulk API job id")
        }
    }
}

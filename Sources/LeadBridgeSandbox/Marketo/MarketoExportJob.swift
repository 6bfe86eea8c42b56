import Foundation

/// One Marketo bulk extract job: what it extracts, where it is in its lifecycle (Created → Queued → Processing →
/// Completed, or Cancelled / Failed) and, once processed, its file.
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/bulk-extract/bulk-extract
struct MarketoExportJob: Sendable {
    enum Kind: String, Sendable {
        case leads, activities
    }

    enum Status: String, Sendable {
        case created = "Created"
        case queued = "Queued"
        case processing = "Processing"
        case completed = "Completed"
        case cancelled = "Cancelled"
        case failed = "Failed"

        var isFinished: Bool { self == .completed || self == .cancelled || self == .failed }
    }

    /// What the job extracts and how the file is written, as its create request asked.
    struct Spec: Sendable {
        /// `CSV`, `TSV` or `SSV`.
        var format: String
        /// Lead fields, or activity columns, in file order.
        var columns: [String]
        /// The header row: the columns, renamed by `columnHeaderNames`.
        var headers: [String]
        /// `createdAt` or `updatedAt` (leads), `createdAt` (activities).
        var filterField: String
        var startAt: Date
        var endAt: Date
        /// Activities: the types asked for; nil for all.
        var activityTypeIDs: Set<Int>?

        /// The field delimiter of `format`: comma, tab, or semicolon (SSV).
        var delimiter: UInt8 {
            switch format {
            case "TSV": UInt8(ascii: "\t")
            case "SSV": UInt8(ascii: ";")
            default: UInt8(ascii: ",")
            }
        }
    }

    var id: String
    var kind: Kind
    var spec: Spec
    var status: Status
    var createdAt: Date
    var queuedAt: Date?
    var startedAt: Date?
    var finishedAt: Date?
    /// Queue steps (status requests) since it started processing.
    var steps = 0
    /// The file, rendered when processing starts (the data as of then).
    var file: [UInt8]?
    var numberOfRecords: Int?
    /// `sha256:<hex>` of the file.
    var checksum: String?

    /// The job as the create, enqueue, status and cancel endpoints answer it.
    var json: JSONValue {
        var body: [String: JSONValue] = [
            "exportId": .string(id), "format": .string(spec.format), "status": .string(status.rawValue),
            "createdAt": .string(SandboxTimestamp.marketo(createdAt)),
        ]
        if let queuedAt { body["queuedAt"] = .string(SandboxTimestamp.marketo(queuedAt)) }
        if let startedAt { body["startedAt"] = .string(SandboxTimestamp.marketo(startedAt)) }
        if let finishedAt { body["finishedAt"] = .string(SandboxTimestamp.marketo(finishedAt)) }
        if status == .completed, let file, let numberOfRecords, let checksum {
            body["numberOfRecords"] = .int(numberOfRecords)
            body["fileSize"] = .int(file.count)
            body["fileChecksum"] = .string(checksum)
        }
        return .object(body)
    }
}

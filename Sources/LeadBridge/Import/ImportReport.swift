/// What an import did, for the terminal, `--json` and the `runs` table.
public struct ImportReport: Sendable, Equatable {
    public var runID: Int64
    public var connection: String
    public var stream: ImportStream
    public var source: String
    public var read = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    /// Activities whose type maps to `skip`.
    public var skipped = 0
    public var rejected = 0
    public var rejectsByCode: [String: Int] = [:]
    /// The first rejections, for the terminal (all are in the `rejects` table).
    public var sampleRejections: [RecordRejection] = []
    /// Set when the source could not be read to its end: everything before it was stored.
    public var stoppedBy: SourceError?
    public var seconds: Double = 0

    public init(runID: Int64, connection: String, stream: ImportStream, source: String) {
        self.runID = runID
        self.connection = connection
        self.stream = stream
        self.source = source
    }

    public var counts: [String: Int] {
        [
            "read": read, "created": created, "updated": updated, "unchanged": unchanged, "skipped": skipped,
            "rejected": rejected,
        ]
    }

    mutating func add(_ rejection: RecordRejection) {
        rejected += 1
        rejectsByCode[rejection.code, default: 0] += 1
        if sampleRejections.count < 20 { sampleRejections.append(rejection) }
    }
}

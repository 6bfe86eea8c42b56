/// What a ``Puller`` asks a ``RecordSource`` for: one stream's records modified at or after a time.
public struct PullRequest: Sendable, Equatable {
    public var stream: PullStream
    /// Records modified at or after this instant, in UTC milliseconds; nil for everything (a full pull).
    public var modifiedSince: Int64?
    /// The remote fields the mapping reads (the source may add its key and modification fields).
    public var fields: [String]
    /// The ``RecordPage/pageToken`` stored by a run that stopped before the stream's end; nil when the stream
    /// finished (or for a full pull).
    public var pageToken: String?

    public init(stream: PullStream, modifiedSince: Int64?, fields: [String], pageToken: String? = nil) {
        self.stream = stream
        self.modifiedSince = modifiedSince
        self.fields = fields
        self.pageToken = pageToken
    }
}

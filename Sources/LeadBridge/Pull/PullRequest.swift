/// What a ``Puller`` asks a ``RecordSource`` for: one stream's records modified at or after a time.
public struct PullRequest: Sendable, Equatable {
    public var stream: PullStream
    /// Records modified at or after this instant, in UTC milliseconds; nil for everything (a full pull).
    public var modifiedSince: Int64?
    /// The remote fields the mapping reads (the source may add its key and modification fields).
    public var fields: [String]

    public init(stream: PullStream, modifiedSince: Int64?, fields: [String]) {
        self.stream = stream
        self.modifiedSince = modifiedSince
        self.fields = fields
    }
}

/// One remote record's current values, as a ``RecordSink`` read them just before a write.
public struct RemoteValues: Sendable, Equatable {
    /// The record's remote key.
    public var key: String
    /// The fields asked for, by remote name; an empty remote value is absent.
    public var fields: [String: String]
    /// When the remote record last changed, in milliseconds since 1970 UTC, when the API says.
    public var modifiedAt: Int64?

    public init(key: String, fields: [String: String], modifiedAt: Int64? = nil) {
        self.key = key
        self.fields = fields
        self.modifiedAt = modifiedAt
    }
}

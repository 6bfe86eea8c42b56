/// The fields to write to one remote record.
public struct RecordWrite: Sendable, Equatable {
    /// The record's remote key.
    public var key: String
    /// New values by remote field name.
    public var fields: [String: String]
    /// Write only if the record is unchanged since this time (milliseconds since 1970 UTC); honoured where
    /// ``SinkLimits/conditionalWrites`` is true, ignored elsewhere.
    public var unmodifiedSince: Int64?

    public init(key: String, fields: [String: String], unmodifiedSince: Int64? = nil) {
        self.key = key
        self.fields = fields
        self.unmodifiedSince = unmodifiedSince
    }
}

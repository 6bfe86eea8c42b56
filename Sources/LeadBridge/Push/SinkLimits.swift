/// What a ``RecordSink`` accepts in one call.
public struct SinkLimits: Sendable, Equatable {
    /// The most keys one ``RecordSink/currentValues(object:keys:fields:)`` call takes.
    public var readBatch: Int
    /// The most records one ``RecordSink/write(object:_:)`` call takes (HubSpot 100, Salesforce 200, Marketo 300).
    public var writeBatch: Int
    /// Whether a write can be made conditional on the record being unchanged since a time
    /// (``RecordWrite/unmodifiedSince``; Salesforce `If-Unmodified-Since`), closing the race between read and write.
    public var conditionalWrites: Bool

    public init(readBatch: Int, writeBatch: Int, conditionalWrites: Bool) {
        self.readBatch = readBatch
        self.writeBatch = writeBatch
        self.conditionalWrites = conditionalWrites
    }
}

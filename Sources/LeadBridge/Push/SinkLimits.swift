/// What a ``RecordSink`` accepts in one call.
public struct SinkLimits: Sendable, Equatable {
    /// The most keys one ``RecordSink/currentValues(object:keys:fields:)`` call takes.
    public var readBatch: Int
    /// The most records one ``RecordSink/write(object:_:)`` call takes (HubSpot 100, Salesforce 200, Marketo 300).
    public var writeBatch: Int
    /// Whether a write can be made conditional on the record being unchanged since a time
    /// (``RecordWrite/unmodifiedSince``; Salesforce `If-Unmodified-Since`), closing the race between read and write.
    public var conditionalWrites: Bool
    /// Whether the remote may answer success for a lifecycle stage it silently kept (HubSpot never moves
    /// `lifecyclestage` backwards): such fields are read back after writing, and what did not take is reported.
    public var readsBackStages: Bool

    public init(readBatch: Int, writeBatch: Int, conditionalWrites: Bool, readsBackStages: Bool = false) {
        self.readBatch = readBatch
        self.writeBatch = writeBatch
        self.conditionalWrites = conditionalWrites
        self.readsBackStages = readsBackStages
    }
}

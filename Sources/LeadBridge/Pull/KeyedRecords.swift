/// What a ``RecordSource`` returns for records asked for by key (the retry of earlier rejects): the records it has,
/// and the keys it no longer has (deleted, archived or merged away).
public struct KeyedRecords: Sendable, Equatable {
    public var records: [RawRecord]
    /// Keys asked for that the remote does not have (any more).
    public var missingKeys: [String]

    public init(records: [RawRecord], missingKeys: [String]) {
        self.records = records
        self.missingKeys = missingKeys
    }
}

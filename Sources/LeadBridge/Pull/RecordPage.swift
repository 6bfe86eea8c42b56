/// One page of records from a remote source, with the cursor it reaches.
///
/// `cursor` is the greatest (modified time, id) among the page's records, or nil when the page is empty or its
/// records carry no modification time. The ``Puller`` stores it in the same transaction as the records.
public struct RecordPage: Sendable, Equatable {
    public var records: [RawRecord]
    public var cursor: StreamCursor?
    /// Keys of records the source reports deleted or archived: their links are kept as tombstones.
    public var deletedIDs: [String]

    public init(records: [RawRecord], cursor: StreamCursor?, deletedIDs: [String] = []) {
        self.records = records
        self.cursor = cursor
        self.deletedIDs = deletedIDs
    }
}

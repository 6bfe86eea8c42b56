/// One page of records from a remote source, with the cursor it reaches.
///
/// `cursor` is the greatest (modified time, id) among the page's records, or nil when the page is empty or its
/// records carry no modification time. The ``Puller`` stores it in the same transaction as the records.
public struct RecordPage: Sendable, Equatable {
    public var records: [RawRecord]
    public var cursor: StreamCursor?
    /// Keys of records the source reports deleted or archived: their links are kept as tombstones.
    public var deletedIDs: [String]
    /// Where the stream goes on after this page, for a source that pages by token (Marketo) or whose pages are not
    /// safe places for the cursor (Pardot's activity ids follow time only roughly): stored in the same transaction
    /// as the page, and handed back as ``PullRequest/pageToken`` by the next run, so that a rerun after a kill
    /// resumes at the page after the last stored one. Empty clears the stored token (the stream finished); nil
    /// leaves it as it is.
    public var pageToken: String?
    /// Records the source could not make a record of (a row of an export file with the wrong number of fields, a
    /// value it cannot read): stored as rejects with the page, like the mapping's.
    public var rejections: [RecordRejection] = []

    public init(records: [RawRecord], cursor: StreamCursor?, deletedIDs: [String] = [], pageToken: String? = nil) {
        self.records = records
        self.cursor = cursor
        self.deletedIDs = deletedIDs
        self.pageToken = pageToken
    }
}

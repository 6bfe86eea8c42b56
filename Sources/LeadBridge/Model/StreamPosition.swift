/// Where an incremental stream stands, as the store keeps it: the (time, id) cursor of the last record stored and,
/// for APIs that page by token (Marketo activities), the opaque token of the next page.
public struct StreamPosition: Sendable, Equatable {
    /// nil until a page with a cursor was stored.
    public var cursor: StreamCursor?
    /// The token of the page after the last one stored, as the API gave it; nil when the stream does not page by
    /// token (or was reset).
    public var pageToken: String?

    public init(cursor: StreamCursor?, pageToken: String?) {
        self.cursor = cursor
        self.pageToken = pageToken
    }
}

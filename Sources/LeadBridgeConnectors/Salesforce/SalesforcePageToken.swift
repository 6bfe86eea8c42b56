import LeadBridge

/// Where a SOQL pull stands: the `nextRecordsUrl` to follow, or a query to (re)start from `since`; `last` is the
/// last (SystemModstamp, Id) read, skipped past when an expired query locator forces a restart.
public struct SalesforcePageToken: Hashable, Sendable {
    var nextRecordsURL: String?
    var since: Int64?
    var last: StreamCursor?
    /// Records read so far in this stream, for record locations.
    var read = 0
    /// Fields copied under another name (`Country` ← `MailingCountry`).
    var aliases: [String: String] = [:]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.nextRecordsURL == rhs.nextRecordsURL && lhs.since == rhs.since && lhs.last == rhs.last
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nextRecordsURL)
        hasher.combine(since)
        hasher.combine(last)
    }
}

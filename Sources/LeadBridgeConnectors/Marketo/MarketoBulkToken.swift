/// Where a stream's bulk first load stands: the load's end (the first run's start), the current 31-day window, the
/// filter its export jobs use, the window's job once created and how many rows of its file are stored.
///
/// It is stored with each page (``RecordPage/pageToken``) as
/// `marketo-bulk1|<end>|<window start>|<filter>|<export id>|<rows>` (times in UTC milliseconds): the job id is stored
/// as soon as the job is created, before any wait, so that a rerun after a kill or a stop asks that job's status
/// instead of creating (and paying the daily export quota for) another one, and skips the rows already stored.
struct MarketoBulkToken: Hashable, Sendable {
    var end: Int64
    var windowStart: Int64
    /// `createdAt` or `updatedAt` (leads), `createdAt` (activities).
    var filter: String
    var exportID: String?
    var rows = 0

    static let prefix = "marketo-bulk1"

    var windowEnd: Int64 { min(windowStart + MarketoBulkExtract.longestWindow, end) }
    var isLastWindow: Bool { windowEnd >= end }

    var stored: String {
        [Self.prefix, String(end), String(windowStart), filter, exportID ?? "", String(rows)].joined(separator: "|")
    }

    init(end: Int64, windowStart: Int64, filter: String, exportID: String? = nil, rows: Int = 0) {
        self.end = end
        self.windowStart = windowStart
        self.filter = filter
        self.exportID = exportID
        self.rows = rows
    }

    /// The position a stored token names, or nil (none stored, or another format).
    init?(stored text: String?) {
        guard let text else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == Self.prefix, let end = Int64(parts[1]), let start = Int64(parts[2]),
              ["createdAt", "updatedAt"].contains(parts[3]), let rows = Int(parts[5]), rows >= 0
        else { return nil }
        self.init(end: end, windowStart: start, filter: parts[3], exportID: parts[4].isEmpty ? nil : parts[4],
                  rows: rows)
    }

    /// The next window's token, no job yet.
    var nextWindow: MarketoBulkToken {
        MarketoBulkToken(end: end, windowStart: windowStart + MarketoBulkExtract.longestWindow, filter: filter)
    }
}

/// Where an incremental stream stands: the (modified time, id) of the last record stored, in UTC milliseconds.
///
/// Cursors order by time, then by id, so records that share a modification time are told apart. The next pull
/// starts a lookback window before the cursor; re-reading the overlap is harmless because storing is idempotent.
public struct StreamCursor: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970, UTC.
    public var time: Int64
    /// The record's key in its source.
    public var id: String

    public init(time: Int64, id: String) {
        self.time = time
        self.id = id
    }

    public static func < (lhs: StreamCursor, rhs: StreamCursor) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.id < rhs.id
    }

    public var description: String {
        let seconds = time >= 0 ? time / 1000 : (time - 999) / 1000
        return "\(UTCTime.iso8601(seconds)) +\(time - seconds * 1000)ms #\(id)"
    }
}

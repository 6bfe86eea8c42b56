import LeadBridge

/// Remote timestamps as UTC milliseconds, and back.
enum WireTime {
    /// `2026-10-01T12:00:00.123Z`, `…+0000`, `…+00:00`, or epoch milliseconds.
    static func milliseconds(_ text: String) -> Int64? {
        if text.count >= 12, text.allSatisfy(\.isNumber) { return Int64(text) }
        guard let seconds = UTCTime.parse(text) else { return nil }
        var millis: Int64 = 0
        let bytes = Array(text.utf8)
        if bytes.count > 20, bytes[19] == UInt8(ascii: ".") {
            var scale: Int64 = 100
            var index = 20
            while index < bytes.count, scale > 0, bytes[index] >= 48, bytes[index] <= 57 {
                millis += Int64(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        return seconds * 1000 + millis
    }

    /// An RFC 7231 IMF-fixdate, `Thu, 01 Oct 2026 12:00:00 GMT` (seconds, rounded down): the form of HTTP date
    /// headers such as `If-Unmodified-Since`.
    static func httpDate(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let c = UTCTime.components(seconds)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        // 1 January 1970 was a Thursday.
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][Int(((days % 7) + 7 + 4) % 7)]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][c.month - 1]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(weekday), \(two(c.day)) \(month) \(c.year) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }

    /// `2026-10-01T12:00:00.123Z`.
    static func isoMilliseconds(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let millis = milliseconds - seconds * 1000
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : String(millis)
        return String(UTCTime.iso8601(seconds).dropLast()) + "." + fraction + "Z"
    }

    /// `2026-10-01T12:00:00Z` (seconds, rounded down).
    static func isoSeconds(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        return UTCTime.iso8601(seconds)
    }
}

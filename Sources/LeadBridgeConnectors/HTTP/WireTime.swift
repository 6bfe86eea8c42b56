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

    /// `2026-10-01T12:00:00Z` (seconds, rounded down).
    static func isoSeconds(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        return UTCTime.iso8601(seconds)
    }
}

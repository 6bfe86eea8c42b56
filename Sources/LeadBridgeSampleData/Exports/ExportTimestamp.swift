import Foundation

/// Timestamps in the text forms the sample exports use, in UTC, without a `DateFormatter` per call.
enum ExportTimestamp {
    /// `2026-05-01T10:00:00Z`: generic CSV, Marketo.
    static func iso8601(_ date: Date) -> String {
        let parts = CivilTime(date)
        return "\(parts.date)T\(parts.time)Z"
    }

    /// `2026-05-01T10:00:00.000Z`: HubSpot.
    static func iso8601Milliseconds(_ date: Date) -> String {
        let parts = CivilTime(date)
        return "\(parts.date)T\(parts.time).\(pad(parts.millisecond, 3))Z"
    }

    /// `2026-05-01 10:00:00`: Pardot (in the API user's time zone; UTC here).
    static func pardot(_ date: Date) -> String {
        let parts = CivilTime(date)
        return "\(parts.date) \(parts.time)"
    }

    /// A UTC instant as `yyyy-MM-dd`, `HH:mm:ss` and milliseconds.
    private struct CivilTime {
        var date: String
        var time: String
        var millisecond: Int

        init(_ instant: Date) {
            let milliseconds = Int((instant.timeIntervalSince1970 * 1_000).rounded(.down))
            let seconds = floorDivide(milliseconds, 1_000)
            millisecond = milliseconds - seconds * 1_000
            let days = floorDivide(seconds, 86_400)
            let second = seconds - days * 86_400
            // Days since 1970-01-01 to a civil date: Howard Hinnant's `civil_from_days`.
            let shifted = days + 719_468
            let era = floorDivide(shifted, 146_097)
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
            let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
            let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
            time = "\(pad(second / 3_600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2))"
        }
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

import Foundation

/// The timestamp spellings of the four APIs, formatted and parsed without `DateFormatter` (listings format
/// millions of them). All are UTC.
enum SandboxTimestamp {
    /// HubSpot: `2026-10-01T12:00:00.123Z`.
    static func hubSpot(_ date: Date) -> String { iso(date, millis: true, suffix: "Z") }
    /// Salesforce: `2026-10-01T12:00:00.000+0000`.
    static func salesforce(_ date: Date) -> String { iso(date, millis: true, suffix: "+0000") }
    /// Marketo: `2026-10-01T12:00:00Z`.
    static func marketo(_ date: Date) -> String { iso(date, millis: false, suffix: "Z") }
    /// Pardot: `2026-10-01 12:00:00`.
    static func pardot(_ date: Date) -> String {
        var text = iso(date, millis: false, suffix: "")
        text = text.replacingOccurrences(of: "T", with: " ")
        return text
    }
    /// Salesforce date fields: `2026-10-01`.
    static func day(_ date: Date) -> String { String(iso(date, millis: false, suffix: "").prefix(10)) }

    static func iso(_ date: Date, millis: Bool, suffix: String) -> String {
        let totalMillis = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = totalMillis >= 0 ? totalMillis / 1000 : (totalMillis - 999) / 1000
        let ms = totalMillis - seconds * 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if millis { text += ".\(pad(ms, 3))" }
        return text + suffix
    }

    /// Parses the ISO-8601 forms the APIs accept: `2026-10-01`, `2026-10-01T12:00:00`, with optional fraction and
    /// `Z`, `+00:00` or `+0000` offsets; also Pardot's `2026-10-01 12:00:00`; and epoch milliseconds.
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let millis = Int64(trimmed), trimmed.count >= 10 {
            return Date(timeIntervalSince1970: Double(millis) / 1000)
        }
        let chars = Array(trimmed.utf8)
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= chars.count else { return nil }
            var value = 0
            for index in from..<(from + length) {
                let c = chars[index]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-")
        else { return nil }
        var seconds = days(fromYear: year, month: month, day: day) * 86_400
        var fraction = 0.0
        var position = 10
        if chars.count > 10 {
            guard chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
                  let hour = number(11, 2), let minute = number(14, 2) else { return nil }
            seconds += hour * 3600 + minute * 60
            position = 16
            if chars.count > 16, chars[16] == UInt8(ascii: ":") {
                guard let second = number(17, 2) else { return nil }
                seconds += second
                position = 19
            }
            if position < chars.count, chars[position] == UInt8(ascii: ".") {
                var digits = 0
                var scale = 0.1
                position += 1
                while position < chars.count, chars[position] >= 48, chars[position] <= 57 {
                    fraction += Double(chars[position] - 48) * scale
                    scale /= 10
                    digits += 1
                    position += 1
                }
                if digits == 0 { return nil }
            }
            if position < chars.count {
                let sign = chars[position]
                if sign == UInt8(ascii: "Z") {
                    position += 1
                } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    guard let hours = number(position + 1, 2) else { return nil }
                    var offsetEnd = position + 3
                    var minutes = 0
                    if offsetEnd < chars.count, chars[offsetEnd] == UInt8(ascii: ":") { offsetEnd += 1 }
                    if let value = number(offsetEnd, 2) {
                        minutes = value
                        offsetEnd += 2
                    }
                    let offset = hours * 3600 + minutes * 60
                    seconds += sign == UInt8(ascii: "+") ? -offset : offset
                    position = offsetEnd
                } else {
                    return nil
                }
            }
            if position != chars.count { return nil }
        }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Howard Hinnant's `civil_from_days`.
    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`.
    private static func days(fromYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

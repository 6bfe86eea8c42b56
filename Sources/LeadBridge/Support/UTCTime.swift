/// Fast, allocation-free conversions between text times and seconds since 1970 (UTC).
///
/// `ISO8601DateFormatter` costs microseconds a call; an import parses millions of dates, so the common export
/// shapes are parsed by hand here. Everything LeadBridge stores is UTC seconds.
public enum UTCTime {
    /// Parses `2026-05-01`, `2026-05-01T10:00:00`, `2026-05-01 10:00:00`, with optional fractional seconds and
    /// `Z`, `+02:00` or `+0200`; or a bare number of seconds (up to 11 digits) or milliseconds (12–13 digits).
    /// A time without a zone is taken as UTC.
    public static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        guard end > start else { return nil }
        if let number = epochNumber(bytes, start, end) { return number }
        var cursor = start
        func digits(_ count: Int) -> Int? {
            guard cursor + count <= end else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[cursor + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            cursor += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard cursor < end, bytes[cursor] == byte else { return false }
            cursor += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else {
            return nil
        }
        var hour = 0, minute = 0, second = 0
        if cursor < end, bytes[cursor] == 0x54 || bytes[cursor] == 0x20 || bytes[cursor] == 0x74 {
            cursor += 1
            guard let h = digits(2), expect(0x3A), let m = digits(2) else { return nil }
            hour = h
            minute = m
            if expect(0x3A) {
                guard let s = digits(2) else { return nil }
                second = s
            }
            if cursor < end, bytes[cursor] == 0x2E || bytes[cursor] == 0x2C {
                cursor += 1
                while cursor < end, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 { cursor += 1 }
            }
        }
        var offsetSeconds = 0
        if cursor < end {
            switch bytes[cursor] {
            case 0x5A, 0x7A:
                cursor += 1
            case 0x2B, 0x2D:
                let sign = bytes[cursor] == 0x2D ? -1 : 1
                cursor += 1
                guard let oh = digits(2) else { return nil }
                _ = expect(0x3A)
                let om = digits(2) ?? 0
                offsetSeconds = sign * (oh * 3_600 + om * 60)
            default:
                return nil
            }
        }
        guard cursor == end, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        guard day <= daysIn(month: month, year: year) else { return nil }
        return seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            - Int64(offsetSeconds)
    }

    private static func epochNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        let count = end - start
        guard count <= 13 else { return nil }
        var value: Int64 = 0
        for index in start..<end {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return count >= 12 ? value / 1_000 : value
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Seconds since 1970 for a UTC calendar time (Howard Hinnant's days-from-civil).
    public static func seconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0)
        -> Int64
    {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
    }

    /// Calendar parts of UTC seconds.
    public static func components(_ seconds: Int64)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)
    {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, Int(rest / 3_600), Int(rest % 3_600 / 60), Int(rest % 60))
    }

    /// `2026-05-01T10:00:00Z`.
    public static func iso8601(_ seconds: Int64) -> String {
        let c = components(seconds)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))Z"
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// A fixed date layout such as `MM/dd/yyyy HH:mm` for `date(FORMAT)` in mappings; parsed by hand, in UTC.
///
/// Tokens: `yyyy`, `MM`/`M`, `dd`/`d`, `HH`/`H`, `mm`, `ss`, `SSS` (fraction, ignored); anything else is literal.
public struct DatePattern: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case year, month, day, hour, minute, second, fraction
        case variableMonth, variableDay, variableHour
        case literal(UInt8)
    }

    let tokens: [Token]
    public let text: String

    /// Returns nil when the pattern has no year, month and day, or a character outside ASCII.
    public init?(_ pattern: String) {
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        var index = 0
        func run(of byte: UInt8) -> Int {
            var end = index
            while end < bytes.count, bytes[end] == byte { end += 1 }
            return end - index
        }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte < 0x80 else { return nil }
            let length = run(of: byte)
            switch (Character(UnicodeScalar(byte)), length) {
            case ("y", 4): tokens.append(.year)
            case ("M", 2): tokens.append(.month)
            case ("M", 1): tokens.append(.variableMonth)
            case ("d", 2): tokens.append(.day)
            case ("d", 1): tokens.append(.variableDay)
            case ("H", 2): tokens.append(.hour)
            case ("H", 1): tokens.append(.variableHour)
            case ("m", 2): tokens.append(.minute)
            case ("s", 2): tokens.append(.second)
            case ("S", _): tokens.append(.fraction)
            case ("y", _), ("M", _), ("d", _), ("H", _), ("m", _), ("s", _): return nil
            default:
                for _ in 0..<length { tokens.append(.literal(byte)) }
            }
            index += length
        }
        let has = { (wanted: [Token]) in tokens.contains { wanted.contains($0) } }
        guard has([.year]), has([.month, .variableMonth]), has([.day, .variableDay]) else { return nil }
        self.tokens = tokens
        self.text = pattern
    }

    /// UTC seconds for a text in this layout, or nil when it does not fit.
    public func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var cursor = 0
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        func number(min: Int, max: Int) -> Int? {
            var value = 0
            var count = 0
            while count < max, cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
                value = value * 10 + Int(bytes[cursor] - 0x30)
                cursor += 1
                count += 1
            }
            return count >= min ? value : nil
        }
        for token in tokens {
            switch token {
            case .year: guard let v = number(min: 4, max: 4) else { return nil }; year = v
            case .month: guard let v = number(min: 2, max: 2) else { return nil }; month = v
            case .variableMonth: guard let v = number(min: 1, max: 2) else { return nil }; month = v
            case .day: guard let v = number(min: 2, max: 2) else { return nil }; day = v
            case .variableDay: guard let v = number(min: 1, max: 2) else { return nil }; day = v
            case .hour: guard let v = number(min: 2, max: 2) else { return nil }; hour = v
            case .variableHour: guard let v = number(min: 1, max: 2) else { return nil }; hour = v
            case .minute: guard let v = number(min: 2, max: 2) else { return nil }; minute = v
            case .second: guard let v = number(min: 2, max: 2) else { return nil }; second = v
            case .fraction: guard number(min: 1, max: 9) != nil else { return nil }
            case .literal(let byte):
                guard cursor < bytes.count, bytes[cursor] == byte else { return nil }
                cursor += 1
            }
        }
        guard cursor == bytes.count, (1...12).contains(month), day >= 1,
            day <= UTCTime.daysIn(month: month, year: year), hour < 24, minute < 60, second < 61
        else { return nil }
        return UTCTime.seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}

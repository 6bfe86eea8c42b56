import Foundation

extension SOQLQuery {
    /// Whether a record (all fields, vendor types) satisfies the WHERE clause. To test many records, prepare the
    /// clause once with ``SOQLFilter``.
    func matches(_ record: [String: JSONValue]) -> Bool { SOQLFilter(self).matches(record) }

    /// Compares a record value with a literal the way SOQL does: ids on their 15-character form, text without
    /// regard to case, date-times as instants, date literals against the day.
    static func compare(_ value: JSONValue, _ literal: Literal, type: String) -> ComparisonResult? {
        switch (type, literal) {
        case ("datetime", .date(let date, let isDateOnly)), ("date", .date(let date, let isDateOnly)):
            guard let text = value.stringValue, let actual = SandboxTimestamp.parse(text) else { return nil }
            var lhs = actual.timeIntervalSince1970
            if isDateOnly || type == "date" { lhs = (lhs / 86_400).rounded(.down) * 86_400 }
            return order(lhs, date.timeIntervalSince1970)
        case (_, .number(let number)):
            switch value {
            case .int(let int): return order(Double(int), number)
            case .double(let double): return order(double, number)
            default: return nil
            }
        case (_, .bool(let bool)):
            guard case .bool(let actual) = value else { return nil }
            return actual == bool ? .orderedSame : .orderedAscending
        case ("id", .string(let text)), ("reference", .string(let text)):
            guard let actual = value.stringValue else { return nil }
            if let order = asciiIDOrder(actual, text) { return order }
            let (lhs, rhs) = (String(actual.prefix(15)), String(text.prefix(15)))
            return lhs == rhs ? .orderedSame : (lhs < rhs ? .orderedAscending : .orderedDescending)
        case (_, .string(let text)):
            guard let actual = value.stringValue else { return nil }
            return actual.compare(text, options: .caseInsensitive)
        default:
            return nil
        }
    }

    /// Ids compared on their first 15 characters without building strings, when both are printable ASCII (as ids
    /// are: then characters are bytes and String order is byte order); nil otherwise.
    static func asciiIDOrder(_ actual: String, _ literal: String) -> ComparisonResult? {
        guard isPrintableASCII(actual), isPrintableASCII(literal) else { return nil }
        let (lhs, rhs) = (actual.utf8.prefix(15), literal.utf8.prefix(15))
        if lhs.elementsEqual(rhs) { return .orderedSame }
        return lhs.lexicographicallyPrecedes(rhs) ? .orderedAscending : .orderedDescending
    }

    static func isPrintableASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

    private static func order(_ lhs: Double, _ rhs: Double) -> ComparisonResult {
        lhs == rhs ? .orderedSame : (lhs < rhs ? .orderedAscending : .orderedDescending)
    }

    /// SOQL LIKE: `%` any run, `_` one character, case-insensitive.
    static func like(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text.lowercased())
        let p = Array(pattern.lowercased())
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (p.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if j == p.count {
                result = i == t.count
            } else if p[j] == "%" {
                result = match(i, j + 1) || (i < t.count && match(i + 1, j))
            } else {
                result = i < t.count && (p[j] == "_" || p[j] == t[i]) && match(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    /// Sorts records by the ORDER BY clause; ties keep id order.
    func sort(_ rows: inout [(number: Int, record: [String: JSONValue])]) {
        guard !orderings.isEmpty else { return }
        let types = orderings.map { SalesforceSchema.field($0.field, of: object)?.type ?? "string" }
        rows.sort { lhs, rhs in
            for (ordering, type) in zip(orderings, types) {
                let a = lhs.record[ordering.field] ?? .null
                let b = rhs.record[ordering.field] ?? .null
                if a.isNull != b.isNull { return a.isNull != ordering.nullsLast }
                if a.isNull { continue }
                let result = Self.compareValues(a, b, type: type)
                if result == .orderedSame { continue }
                return (result == .orderedAscending) == ordering.ascending
            }
            return lhs.number < rhs.number
        }
    }

    private static func compareValues(_ a: JSONValue, _ b: JSONValue, type: String) -> ComparisonResult {
        switch (a, b) {
        case (.int(let x), .int(let y)): return order(Double(x), Double(y))
        case (.double(let x), .double(let y)): return order(x, y)
        case (.int(let x), .double(let y)): return order(Double(x), y)
        case (.double(let x), .int(let y)): return order(x, Double(y))
        default:
            let (x, y) = (a.stringValue ?? "", b.stringValue ?? "")
            if type == "datetime", let dx = SandboxTimestamp.parse(x), let dy = SandboxTimestamp.parse(y) {
                return order(dx.timeIntervalSince1970, dy.timeIntervalSince1970)
            }
            return type == "id" || type == "reference" ? (x == y ? .orderedSame : x < y ? .orderedAscending
                : .orderedDescending) : x.compare(y, options: .caseInsensitive)
        }
    }
}

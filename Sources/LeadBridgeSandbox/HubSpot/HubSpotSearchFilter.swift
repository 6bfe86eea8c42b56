import Foundation

/// A parsed search request: filter groups (OR) of filters (AND), and the sort. Date, id and number properties
/// compare as numbers (dates accept epoch milliseconds or ISO-8601); other properties compare as text.
struct HubSpotSearchFilter: Sendable {
    struct Invalid: Error {
        var message: String
    }

    struct Filter: Sendable {
        var property: String
        var op: String
        var value: String?
        var highValue: String?
        var values: [String]
    }

    var groups: [[Filter]]
    var sortProperty: String
    var ascending: Bool

    static let operators: Set<String> = ["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
                                         "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN"]

    init(_ body: JSONValue) throws {
        let groupValues = body["filterGroups"]?.arrayValue ?? []
        guard groupValues.count <= 5 else { throw Invalid(message: "Too many filter groups (max 5)") }
        groups = try groupValues.map { group in
            let filters = group["filters"]?.arrayValue ?? []
            guard filters.count <= 10 else { throw Invalid(message: "Too many filters in a group (max 10)") }
            return try filters.map { filter in
                guard let property = filter["propertyName"]?.stringValue,
                      let op = filter["operator"]?.stringValue, Self.operators.contains(op)
                else {
                    throw Invalid(message: "Invalid filter: \(String(decoding: filter.serialized(), as: UTF8.self))")
                }
                return Filter(property: property, op: op, value: filter["value"]?.stringValue,
                              highValue: filter["highValue"]?.stringValue,
                              values: filter["values"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
        }
        guard groups.reduce(0, { $0 + $1.count }) <= 25 else { throw Invalid(message: "Too many filters (max 25)") }
        if let sort = body["sorts"]?.arrayValue?.first {
            if let text = sort.stringValue {
                ascending = !text.hasPrefix("-")
                sortProperty = ascending ? text : String(text.dropFirst())
            } else {
                sortProperty = sort["propertyName"]?.stringValue ?? "hs_object_id"
                ascending = (sort["direction"]?.stringValue ?? "ASCENDING") != "DESCENDING"
            }
        } else {
            sortProperty = "hs_object_id"
            ascending = true
        }
    }

    /// The positions of matching records, sorted; ties break on id, ascending.
    func run(_ records: some HubSpotSearchable) -> [Int] {
        var matches: [Int] = []
        for position in 0..<records.count where records.isSearchable(position) && accepts(position, records) {
            matches.append(position)
        }
        if sortProperty == "hs_object_id" {
            let ids = matches.map { records.objectID($0) }
            let order = Array(0..<matches.count).sorted { ascending ? ids[$0] < ids[$1] : ids[$0] > ids[$1] }
            return order.map { matches[$0] }
        }
        if ascending, records.isOrdered(by: sortProperty) { return matches }
        guard let first = matches.first else { return matches }
        let ids = matches.map { records.objectID($0) }
        if records.dateMillis(first, property: sortProperty) != nil {
            let keys = matches.map { records.dateMillis($0, property: sortProperty) ?? 0 }
            let order = Array(0..<matches.count).sorted { lhs, rhs in
                if keys[lhs] != keys[rhs] { return ascending ? keys[lhs] < keys[rhs] : keys[lhs] > keys[rhs] }
                return ids[lhs] < ids[rhs]
            }
            return order.map { matches[$0] }
        }
        let keys = matches.map { (records.properties($0)[sortProperty] ?? nil) ?? "" }
        let order = Array(0..<matches.count).sorted { lhs, rhs in
            if keys[lhs] != keys[rhs] { return ascending ? keys[lhs] < keys[rhs] : keys[lhs] > keys[rhs] }
            return ids[lhs] < ids[rhs]
        }
        return order.map { matches[$0] }
    }

    static func millis(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded(.down)) }

    private func accepts(_ position: Int, _ records: some HubSpotSearchable) -> Bool {
        guard !groups.isEmpty else { return true }
        var properties: [String: String?]?
        return groups.contains { group in
            group.allSatisfy { filter in
                if filter.property == "hs_object_id" {
                    return Self.compare(filter, actual: Double(records.objectID(position)),
                                        parse: { Self.number($0, date: false) })
                }
                if let millis = records.dateMillis(position, property: filter.property) {
                    return Self.compare(filter, actual: Double(millis), parse: { Self.number($0, date: true) })
                }
                if properties == nil { properties = records.properties(position) }
                let actual = properties?[filter.property] ?? nil
                return Self.compareText(filter, actual: actual)
            }
        }
    }

    private static func number(_ text: String, date: Bool) -> Double? {
        if let value = Double(text) { return value }
        guard date, let parsed = SandboxTimestamp.parse(text) else { return nil }
        return Double(millis(parsed.timeIntervalSince1970))
    }

    private static func compare(_ filter: Filter, actual: Double, parse: (String) -> Double?) -> Bool {
        let value = filter.value.flatMap(parse)
        switch filter.op {
        case "EQ": return value == actual
        case "NEQ": return value != actual
        case "LT": return value.map { actual < $0 } ?? false
        case "LTE": return value.map { actual <= $0 } ?? false
        case "GT": return value.map { actual > $0 } ?? false
        case "GTE": return value.map { actual >= $0 } ?? false
        case "BETWEEN":
            guard let low = value, let high = filter.highValue.flatMap(parse) else { return false }
            return actual >= low && actual <= high
        case "IN": return filter.values.compactMap(parse).contains(actual)
        case "NOT_IN": return !filter.values.compactMap(parse).contains(actual)
        case "HAS_PROPERTY": return true
        case "NOT_HAS_PROPERTY": return false
        default: return false
        }
    }

    private static func compareText(_ filter: Filter, actual: String?) -> Bool {
        let current = actual ?? ""
        let value = filter.value ?? ""
        func ordered(_ check: (String, String) -> Bool) -> Bool {
            if let a = Double(current), let b = Double(value) { return check(String(format: "%020.6f", a + 1e12),
                                                                             String(format: "%020.6f", b + 1e12)) }
            return check(current.lowercased(), value.lowercased())
        }
        switch filter.op {
        case "EQ": return current.lowercased() == value.lowercased()
        case "NEQ": return current.lowercased() != value.lowercased()
        case "LT": return ordered(<)
        case "LTE": return ordered(<=)
        case "GT": return ordered(>)
        case "GTE": return ordered(>=)
        case "IN": return filter.values.map { $0.lowercased() }.contains(current.lowercased())
        case "NOT_IN": return !filter.values.map { $0.lowercased() }.contains(current.lowercased())
        case "HAS_PROPERTY": return !current.isEmpty
        case "NOT_HAS_PROPERTY": return current.isEmpty
        case "CONTAINS_TOKEN":
            return current.lowercased().contains(value.lowercased().replacingOccurrences(of: "*", with: ""))
        case "BETWEEN":
            let high = filter.highValue ?? ""
            return current >= value && current <= high
        default: return false
        }
    }
}

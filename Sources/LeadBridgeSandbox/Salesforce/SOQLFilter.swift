/// A WHERE clause prepared once to be tested on many records: field types looked up once, and an `IN` list on an
/// id field held as a set of 15-character ids (a push reads 200 ids a query; comparing each record with each
/// literal made such a query quadratic). Answers exactly as `SOQLQuery.compare` does literal by literal.
struct SOQLFilter: Sendable {
    private indirect enum Node: Sendable {
        case compare(field: String, type: String, op: String, literal: SOQLQuery.Literal)
        case inList(field: String, type: String, negated: Bool, literals: [SOQLQuery.Literal])
        /// An `IN` list on an id or reference field: its printable-ASCII strings by their first 15 characters,
        /// and every literal for values that are not printable ASCII.
        case idIn(field: String, type: String, negated: Bool, prefixes: Set<String>, others: [SOQLQuery.Literal],
                  literals: [SOQLQuery.Literal])
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
    }

    private let root: Node?

    init(_ query: SOQLQuery) {
        root = query.condition.map { Self.prepare($0, object: query.object) }
    }

    private static func prepare(_ condition: SOQLQuery.Condition, object: String) -> Node {
        func type(_ field: String) -> String { SalesforceSchema.field(field, of: object)?.type ?? "string" }
        switch condition {
        case .and(let left, let right): return .and(prepare(left, object: object), prepare(right, object: object))
        case .or(let left, let right): return .or(prepare(left, object: object), prepare(right, object: object))
        case .not(let inner): return .not(prepare(inner, object: object))
        case .compare(let field, _, let op, let literal):
            return .compare(field: field, type: type(field), op: op, literal: literal)
        case .inList(let field, _, let negated, let literals):
            let fieldType = type(field)
            guard fieldType == "id" || fieldType == "reference" else {
                return .inList(field: field, type: fieldType, negated: negated, literals: literals)
            }
            var prefixes = Set<String>()
            var others: [SOQLQuery.Literal] = []
            for literal in literals {
                if case .string(let text) = literal, SOQLQuery.isPrintableASCII(text) {
                    prefixes.insert(Self.prefix15(text))
                } else {
                    others.append(literal)
                }
            }
            return .idIn(field: field, type: fieldType, negated: negated, prefixes: prefixes, others: others,
                         literals: literals)
        }
    }

    /// Whether a record (all fields, vendor types) satisfies the clause.
    func matches(_ record: [String: JSONValue]) -> Bool {
        guard let root else { return true }
        return Self.evaluate(root, record)
    }

    private static func evaluate(_ node: Node, _ record: [String: JSONValue]) -> Bool {
        switch node {
        case .and(let left, let right): return evaluate(left, record) && evaluate(right, record)
        case .or(let left, let right): return evaluate(left, record) || evaluate(right, record)
        case .not(let inner): return !evaluate(inner, record)
        case .compare(let field, let type, let op, let literal):
            let value = record[field] ?? .null
            if literal == .null {
                return op == "=" ? value.isNull : op == "!=" ? !value.isNull : false
            }
            if value.isNull { return op == "!=" }
            if op == "LIKE" {
                guard case .string(let pattern) = literal, let text = value.stringValue else { return false }
                return SOQLQuery.like(text, pattern)
            }
            guard let order = SOQLQuery.compare(value, literal, type: type) else { return false }
            switch op {
            case "=": return order == .orderedSame
            case "!=": return order != .orderedSame
            case "<": return order == .orderedAscending
            case "<=": return order != .orderedDescending
            case ">": return order == .orderedDescending
            case ">=": return order != .orderedAscending
            default: return false
            }
        case .inList(let field, let type, let negated, let literals):
            let value = record[field] ?? .null
            let found = literals.contains { equals(value, $0, type: type) }
            return negated ? !found : found
        case .idIn(let field, let type, let negated, let prefixes, let others, let literals):
            let value = record[field] ?? .null
            let found: Bool
            if let text = value.stringValue, SOQLQuery.isPrintableASCII(text) {
                // Printable ASCII on both sides: equal on the first 15 characters is equal on the first 15 bytes.
                found = prefixes.contains(prefix15(text)) || others.contains { equals(value, $0, type: type) }
            } else {
                found = literals.contains { equals(value, $0, type: type) }
            }
            return negated ? !found : found
        }
    }

    private static func equals(_ value: JSONValue, _ literal: SOQLQuery.Literal, type: String) -> Bool {
        literal == .null ? value.isNull : SOQLQuery.compare(value, literal, type: type) == .orderedSame
    }

    /// The first 15 bytes of printable-ASCII text (a small string: no allocation).
    private static func prefix15(_ text: String) -> String { String(decoding: text.utf8.prefix(15), as: UTF8.self) }
}

/// How one target value is computed from a raw record: a source field or template, transforms, a value map,
/// a default, the target type, and whether it is required.
///
/// Order: source → `transform` list → `map` → `default` → type conversion → `required`.
public struct ValueRule: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case field(String)
        case template(ValueTemplate)
        /// No source: the value is the `default`.
        case constant
    }

    public enum OutputType: String, Sendable, Equatable {
        case text, int, double, bool, date, email
    }

    public var source: Source
    public var transforms: [Transform] = []
    /// Exact keys first, then keys compared trimmed and case-insensitively.
    public var valueMap: [String: String]?
    var foldedMap: [String: String]?
    public var defaultValue: String?
    public var output: OutputType = .text
    public var required = false
    /// Where the rule is written, for messages: `Mappings/x.yml:12:5`.
    public var position: String

    public init(
        source: Source, transforms: [Transform] = [], valueMap: [String: String]? = nil, defaultValue: String? = nil,
        output: OutputType = .text, required: Bool = false, position: String
    ) {
        self.source = source
        self.transforms = transforms
        self.valueMap = valueMap
        self.foldedMap = valueMap.map { map in
            Dictionary(map.map { ((TextValue.trimmed($0.key) ?? "").lowercased(), $0.value) }) { first, _ in first }
        }
        self.defaultValue = defaultValue
        self.output = output
        self.required = required
        self.position = position
    }

    /// The source fields the rule reads.
    public var sourceFields: [String] {
        switch source {
        case .field(let name): [name]
        case .template(let template): template.fields
        case .constant: []
        }
    }

    var sourceDescription: String {
        switch source {
        case .field(let name): "from \(name)"
        case .template: "from its template"
        case .constant: "default"
        }
    }

    /// The mapped value as text (dates in ISO 8601, emails normalized), or nil when empty.
    func text(_ record: RawRecord) throws(ValueProblem) -> String? {
        var value: String?
        switch source {
        case .field(let name): value = record.fields[name]
        case .template(let template): value = template.render(record)
        case .constant: value = nil
        }
        for transform in transforms {
            guard let current = value else { break }
            value = try transform.apply(current)
        }
        if let current = value, let valueMap {
            if let mapped = valueMap[current] ?? foldedMap?[(TextValue.trimmed(current) ?? "").lowercased()] {
                value = mapped.isEmpty ? nil : mapped
            } else if let defaultValue {
                value = defaultValue
            } else {
                let known = valueMap.keys.sorted().prefix(12).map { "`\($0)`" }.joined(separator: ", ")
                throw ValueProblem(
                    "`\(current)` is not in the value map (\(known)); add it to `map:` or set a `default:`")
            }
        }
        if value == nil { value = defaultValue }
        guard let current = value else {
            if required { throw ValueProblem("is required but empty") }
            return nil
        }
        switch output {
        case .text:
            return current
        case .email:
            guard let email = TextValue.normalizedEmail(current) else {
                throw ValueProblem("`\(current)` is not an email address")
            }
            return email
        case .int:
            guard let number = TextValue.integer(current) else {
                throw ValueProblem("`\(current)` is not a whole number")
            }
            return String(number)
        case .double:
            guard let number = Double(TextValue.trimmed(current) ?? "") else {
                throw ValueProblem("`\(current)` is not a number")
            }
            return String(number)
        case .bool:
            guard let flag = TextValue.bool(current) else { throw ValueProblem("`\(current)` is not true/false") }
            return flag ? "true" : "false"
        case .date:
            guard let seconds = UTCTime.parse(current) else {
                throw ValueProblem("`\(current)` is not a date (ISO 8601 expected; use `transform: [date(FORMAT)]`)")
            }
            return UTCTime.iso8601(seconds)
        }
    }

    /// The mapped value typed for storage.
    func value(_ record: RawRecord) throws(ValueProblem) -> FieldValue? {
        guard let text = try text(record) else { return nil }
        switch output {
        case .text, .email: return .text(text)
        case .int: return Int64(text).map(FieldValue.int)
        case .double: return Double(text).map(FieldValue.double)
        case .bool: return .bool(text == "true")
        case .date: return UTCTime.parse(text).map(FieldValue.date)
        }
    }
}

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
        self.transforms = Self.withoutSubsumedTransforms(transforms, output: output)
        self.valueMap = valueMap
        self.foldedMap = valueMap.map { map in
            Dictionary(map.map { ((TextValue.trimmed($0.key) ?? "").lowercased(), $0.value) }) { first, _ in first }
        }
        self.defaultValue = defaultValue
        self.output = output
        self.required = required
        self.position = position
    }

    /// Drops trailing transforms the output type performs anyway (`trim, lowercase, email` before an email output,
    /// `date` before a date output), so that a million records are not normalized twice.
    static func withoutSubsumedTransforms(_ transforms: [Transform], output: OutputType) -> [Transform] {
        var transforms = transforms
        while let last = transforms.last {
            switch (output, last) {
            case (.email, .trim), (.email, .lowercase), (.email, .email), (.date, .date(nil)), (.int, .int):
                transforms.removeLast()
            default:
                return transforms
            }
        }
        return transforms
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
    func text(_ record: RawRecord, slot: Int? = nil) throws(ValueProblem) -> String? {
        try value(record, slot: slot)?.text
    }

    /// The slot of the source field in `names`, for ``value(_:slot:)``: -1 when `names` lacks it, nil when the
    /// rule reads no single field.
    func slot(in names: RawFieldNames) -> Int? {
        guard case .field(let name) = source else { return nil }
        return names.slotsByName[name] ?? -1
    }

    /// The value after source, transforms, map and default, before typing.
    private func untyped(_ record: RawRecord, slot: Int?) throws(ValueProblem) -> String? {
        var value: String?
        switch source {
        case .field(let name): value = slot.map { record.value(atSlot: $0) } ?? record[name]
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
        return value ?? defaultValue
    }

    /// The mapped value typed for storage, or nil when empty.
    ///
    /// - Parameter slot: where the source field is in the record's ``RawRecord/fieldNames``, from
    ///   ``slot(in:)``; nil to find it by name.
    func value(_ record: RawRecord, slot: Int? = nil) throws(ValueProblem) -> FieldValue? {
        guard let current = try untyped(record, slot: slot) else {
            if required { throw ValueProblem.missing }
            return nil
        }
        switch output {
        case .text:
            return .text(current)
        case .email:
            guard let email = TextValue.normalizedEmail(current) else {
                throw ValueProblem("`\(current)` is not an email address")
            }
            return .text(email)
        case .int:
            guard let number = TextValue.integer(current) else {
                throw ValueProblem("`\(current)` is not a whole number")
            }
            return .int(number)
        case .double:
            guard let number = Double(TextValue.trimmed(current) ?? "") else {
                throw ValueProblem("`\(current)` is not a number")
            }
            return .double(number)
        case .bool:
            guard let flag = TextValue.bool(current) else { throw ValueProblem("`\(current)` is not true/false") }
            return .bool(flag)
        case .date:
            guard let seconds = UTCTime.parse(current) else {
                throw ValueProblem("`\(current)` is not a date (ISO 8601 expected; use `transform: [date(FORMAT)]`)")
            }
            return .date(seconds)
        }
    }
}

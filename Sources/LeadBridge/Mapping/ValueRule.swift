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

    /// The rule's parts, in one immutable box that copies of the rule share: a rule is read for every field of
    /// every record mapped, and as a struct of seven references each read copied it (retaining and releasing
    /// them all), 3% of an XML import's CPU time.
    private struct Parts: Sendable, Equatable {
        var source: Source
        var transforms: [Transform]
        var valueMap: [String: String]?
        var foldedMap: [String: String]?
        var defaultValue: String?
        var output: OutputType
        var required: Bool
        var position: String
        /// Source values that mean "no value" besides empty text (a mapping's `null_values:`).
        var nullValues: Set<String> = []
    }

    private final class Box: Sendable {
        let parts: Parts
        init(_ parts: Parts) { self.parts = parts }
    }

    private var box: Box

    private mutating func change(_ edit: (inout Parts) -> Void) {
        var parts = box.parts
        edit(&parts)
        box = Box(parts)
    }

    public var source: Source {
        get { box.parts.source }
        set { change { $0.source = newValue } }
    }

    public var transforms: [Transform] {
        get { box.parts.transforms }
        set { change { $0.transforms = newValue } }
    }

    /// Exact keys first, then keys compared trimmed and case-insensitively.
    public var valueMap: [String: String]? {
        get { box.parts.valueMap }
        set { change { $0.valueMap = newValue; $0.foldedMap = Self.folded(newValue) } }
    }

    public var defaultValue: String? {
        get { box.parts.defaultValue }
        set { change { $0.defaultValue = newValue } }
    }

    public var output: OutputType {
        get { box.parts.output }
        set { change { $0.output = newValue } }
    }

    public var required: Bool {
        get { box.parts.required }
        set { change { $0.required = newValue } }
    }

    /// Source texts that mean "no value", like empty text does (a mapping's `null_values:`, e.g. Marketo's `null`).
    public var nullValues: Set<String> {
        get { box.parts.nullValues }
        set { change { $0.nullValues = newValue } }
    }

    /// Where the rule is written, for messages: `Mappings/x.yml:12:5`.
    public var position: String {
        get { box.parts.position }
        set { change { $0.position = newValue } }
    }

    public init(
        source: Source, transforms: [Transform] = [], valueMap: [String: String]? = nil, defaultValue: String? = nil,
        output: OutputType = .text, required: Bool = false, position: String
    ) {
        box = Box(Parts(
            source: source, transforms: Self.withoutSubsumedTransforms(transforms, output: output),
            valueMap: valueMap, foldedMap: Self.folded(valueMap), defaultValue: defaultValue, output: output,
            required: required, position: position))
    }

    public static func == (lhs: ValueRule, rhs: ValueRule) -> Bool {
        lhs.box === rhs.box || lhs.box.parts == rhs.box.parts
    }

    private static func folded(_ map: [String: String]?) -> [String: String]? {
        map.map { map in
            Dictionary(map.map { ((TextNormalizer.trimmed($0.key) ?? "").lowercased(), $0.value) }) { first, _ in first }
        }
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

    /// A value before typing: given by the source, or the rule's `default:` because the source gave none.
    enum Untyped {
        case given(String)
        case defaulted(String)
    }

    /// Whether a source text means "no value": empty, only white space, or one of the mapping's null tokens. Every
    /// format is read alike: a CSV `""`, an empty XML element, a JSON `""` or `null` and an absent field all say
    /// nothing.
    func isNoValue(_ text: String) -> Bool {
        if text.isEmpty { return true }
        let first = text.utf8.first!
        if first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D {
            if TextNormalizer.trimmed(text) == nil { return true }
        }
        let nullValues = box.parts.nullValues
        return !nullValues.isEmpty && nullValues.contains(text)
    }

    /// The value after source, transforms, map and default, before typing.
    private func untyped(_ record: RawRecord, slot: Int?) throws(ValueProblem) -> Untyped? {
        var value: String?
        switch box.parts.source {
        case .field(let name): value = slot.map { record.value(atSlot: $0) } ?? record[name]
        case .template(let template): value = template.render(record) { isNoValue($0) }
        case .constant: value = nil
        }
        if let current = value, isNoValue(current) { value = nil }
        for transform in box.parts.transforms {
            guard let current = value else { break }
            value = try transform.apply(current)
            if let transformed = value, transformed.isEmpty { value = nil }
        }
        if let current = value, let valueMap = box.parts.valueMap {
            if let mapped = valueMap[current] ?? box.parts.foldedMap?[(TextNormalizer.trimmed(current) ?? "").lowercased()] {
                value = mapped.isEmpty ? nil : mapped
            } else if let defaultValue = box.parts.defaultValue {
                // The source has a value the map does not name: the default stands for it, as a value of its own.
                return .given(defaultValue)
            } else {
                let known = valueMap.keys.sorted().prefix(12).map { "`\($0)`" }.joined(separator: ", ")
                throw ValueProblem(
                    "`\(current)` is not in the value map (\(known)); add it to `map:` or set a `default:`")
            }
        }
        if let value { return .given(value) }
        return box.parts.defaultValue.map { .defaulted($0) }
    }

    /// The mapped value typed for storage, or nil when empty.
    ///
    /// - Parameter slot: where the source field is in the record's ``RawRecord/fieldNames``, from
    ///   ``slot(in:)``; nil to find it by name.
    func value(_ record: RawRecord, slot: Int? = nil) throws(ValueProblem) -> FieldValue? {
        try typedValue(record, slot: slot)?.value
    }

    /// ``value(_:slot:)``, and whether it is the rule's `default:` standing in for a missing source value (which
    /// fills a field only where no source has a value).
    func typedValue(_ record: RawRecord, slot: Int? = nil) throws(ValueProblem) -> (value: FieldValue, isDefault: Bool)? {
        let untyped = try untyped(record, slot: slot)
        let current: String
        let isDefault: Bool
        switch untyped {
        case nil:
            if box.parts.required { throw ValueProblem.missing }
            return nil
        case .given(let text):
            current = text
            isDefault = false
        case .defaulted(let text):
            current = text
            isDefault = true
        }
        guard let typed = try typed(current) else { return nil }
        return (typed, isDefault)
    }

    private func typed(_ current: String) throws(ValueProblem) -> FieldValue? {
        switch box.parts.output {
        case .text:
            return .text(current)
        case .email:
            guard let email = TextNormalizer.normalizedEmail(current) else {
                throw ValueProblem("`\(current)` is not an email address")
            }
            return .text(email)
        case .int:
            guard let number = TextNormalizer.integer(current) else {
                throw ValueProblem("`\(current)` is not a whole number")
            }
            return .int(number)
        case .double:
            guard let number = Double(TextNormalizer.trimmed(current) ?? "") else {
                throw ValueProblem("`\(current)` is not a number")
            }
            return .double(number)
        case .bool:
            guard let flag = TextNormalizer.bool(current) else { throw ValueProblem("`\(current)` is not true/false") }
            return .bool(flag)
        case .date:
            guard let seconds = UTCTime.parse(current) else {
                throw ValueProblem("`\(current)` is not a date (ISO 8601 expected; use `transform: [date(FORMAT)]`)")
            }
            return .date(seconds)
        }
    }
}

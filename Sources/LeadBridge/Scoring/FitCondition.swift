/// What a fit rule tests on one contact field. Text comparisons ignore case.
public enum FitCondition: Sendable, Equatable, Codable {
    /// The value equals this text (case-insensitive; numbers compare by their decimal text).
    case equals(String)
    /// The value is one of these (case-insensitive).
    case oneOf([String])
    /// The value matches this regular expression (ICU syntax, as `NSRegularExpression`; `(?i)` for no case).
    case matches(String)
    /// The value is a number within `lower...upper`, both inclusive.
    case between(Double, Double)
    /// The email's domain (or the `domain` field) is in the named list: `free_mail` or one under `lists:`.
    case domainIn(list: String)
    /// The value is absent or blank (`missing: true`), or present (`missing: false`).
    case missing(Bool)

    /// The YAML key of the condition.
    public var keyword: String {
        switch self {
        case .equals: "equals"
        case .oneOf: "in"
        case .matches: "matches"
        case .between: "between"
        case .domainIn: "domain_in"
        case .missing: "missing"
        }
    }

    /// A short human reading: `matches "(?i)\bvp\b"`, `between 200 and 5000`.
    public var summary: String {
        switch self {
        case .equals(let value): "equals \"\(value)\""
        case .oneOf(let values): "in [\(values.joined(separator: ", "))]"
        case .matches(let pattern): "matches \"\(pattern)\""
        case .between(let lower, let upper):
            "between \(ScoreBands.format(lower)) and \(ScoreBands.format(upper))"
        case .domainIn(let list): "domain in \(list)"
        case .missing(let missing): missing ? "is missing" : "is present"
        }
    }
}

/// The closed set of value transforms a mapping may list under `transform:`, applied in order to text.
public enum Transform: Sendable, Equatable, CustomStringConvertible {
    case trim, lowercase, uppercase, email, domain, digits, int, double, bool
    /// `date` (ISO 8601, `YYYY-MM-DD HH:MM:SS`, epoch seconds or milliseconds) or `date(FORMAT)`.
    case date(DatePattern?)

    public static let names = [
        "trim", "lowercase", "uppercase", "email", "domain", "digits", "int", "double", "bool", "date", "date(FORMAT)",
    ]

    /// Parses `trim`, `date(MM/dd/yyyy)` and the like; nil for anything else.
    public init?(name: String) {
        switch name {
        case "trim": self = .trim
        case "lowercase": self = .lowercase
        case "uppercase": self = .uppercase
        case "email": self = .email
        case "domain": self = .domain
        case "digits": self = .digits
        case "int": self = .int
        case "double": self = .double
        case "bool": self = .bool
        case "date": self = .date(nil)
        default:
            guard name.hasPrefix("date("), name.hasSuffix(")"),
                let pattern = DatePattern(String(name.dropFirst(5).dropLast()))
            else { return nil }
            self = .date(pattern)
        }
    }

    public var description: String {
        switch self {
        case .trim: "trim"
        case .lowercase: "lowercase"
        case .uppercase: "uppercase"
        case .email: "email"
        case .domain: "domain"
        case .digits: "digits"
        case .int: "int"
        case .double: "double"
        case .bool: "bool"
        case .date(let pattern): pattern.map { "date(\($0.text))" } ?? "date"
        }
    }

    /// Applies the transform. Nil in, nil out; an empty result becomes nil. Throws a reason when the value does
    /// not fit (not an email, not a number, not a date).
    func apply(_ value: String) throws(ValueProblem) -> String? {
        switch self {
        case .trim:
            return TextNormalizer.trimmed(value)
        case .lowercase:
            return value.lowercased()
        case .uppercase:
            return value.uppercased()
        case .email:
            guard let email = TextNormalizer.normalizedEmail(value) else {
                throw ValueProblem("`\(value)` is not an email address")
            }
            return email
        case .domain:
            return TextNormalizer.domain(of: value)
        case .digits:
            let digits = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.properties.numericType != nil
                && $0.isASCII }))
            return digits.isEmpty ? nil : digits
        case .int:
            guard let number = TextNormalizer.integer(value) else { throw ValueProblem("`\(value)` is not a whole number") }
            return String(number)
        case .double:
            guard let number = Double(TextNormalizer.trimmed(value) ?? "") else {
                throw ValueProblem("`\(value)` is not a number")
            }
            return String(number)
        case .bool:
            guard let flag = TextNormalizer.bool(value) else {
                throw ValueProblem("`\(value)` is not true/false (or yes/no, 1/0)")
            }
            return flag ? "true" : "false"
        case .date(let pattern):
            let trimmed = TextNormalizer.trimmed(value) ?? ""
            let seconds = pattern.map { $0.parse(trimmed) } ?? UTCTime.parse(trimmed)
            guard let seconds else {
                throw ValueProblem("`\(value)` is not a date\(pattern.map { " in the form \($0.text)" } ?? "")")
            }
            return UTCTime.iso8601(seconds)
        }
    }
}

/// Why a value could not be mapped; the mapping adds the field and record it belongs to.
public struct ValueProblem: Error, Sendable, Equatable {
    public var message: String
    /// The value is required and empty (as opposed to present but unusable).
    public var isMissing: Bool

    public init(_ message: String, isMissing: Bool = false) {
        self.message = message
        self.isMissing = isMissing
    }

    static let missing = ValueProblem("is required but empty", isMissing: true)
}

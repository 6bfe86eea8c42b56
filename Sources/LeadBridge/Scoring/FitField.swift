/// The contact field a fit rule tests: a canonical field, or a custom field a mapping writes as `extra.<name>`
/// (kept in `contacts.extra`).
public enum FitField: Sendable, Hashable, Codable {
    case canonical(CanonicalField)
    case extra(String)

    /// As the scoring file writes it: `title`, `extra.region`.
    public var name: String {
        switch self {
        case .canonical(let field): field.rawValue
        case .extra(let name): "extra." + name
        }
    }

    /// Reads `title` or `extra.<name>`; nil for anything else.
    public init?(name: String) {
        if let field = CanonicalField(rawValue: name) {
            self = .canonical(field)
        } else if name.hasPrefix("extra."), name.count > 6 {
            self = .extra(String(name.dropFirst(6)))
        } else {
            return nil
        }
    }

    /// Whether the field holds numbers for the scoring query (employees, dates): a custom field is text, read as a
    /// number by `between`.
    var isNumeric: Bool {
        if case .canonical(let field) = self { return field.kind == .int || field.kind == .date }
        return false
    }
}

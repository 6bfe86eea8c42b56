/// One `fields:` entry: which canonical (or `extra.`) field it fills and how.
public struct ContactFieldRule: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case canonical(CanonicalField)
        case extra(String)

        public var name: String {
            switch self {
            case .canonical(let field): field.rawValue
            case .extra(let name): "extra.\(name)"
            }
        }
    }

    public var target: Target
    public var rule: ValueRule
    /// This source's precedence for the field: higher wins when systems disagree.
    public var precedence: Int
}

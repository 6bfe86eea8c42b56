/// The canonical contact fields a mapping may write, with their value types. Custom fields go to `extra.<name>`.
public enum CanonicalField: String, Sendable, CaseIterable, Codable {
    case email
    case firstName = "first_name"
    case lastName = "last_name"
    case title
    case company
    case domain
    case industry
    case employees
    case country
    case city
    case phone
    case leadSource = "lead_source"
    case lifecycleStage = "lifecycle_stage"
    case createdAt = "created_at"

    /// How values of the field are typed and stored.
    public enum Kind: String, Sendable {
        case text, int, date, email, stage
    }

    public var kind: Kind {
        switch self {
        case .email: .email
        case .employees: .int
        case .createdAt: .date
        case .lifecycleStage: .stage
        default: .text
        }
    }

    /// Position in `allCases`, used to index compact patches (a switch: it is read for every mapped value).
    public var ordinal: Int {
        switch self {
        case .email: 0
        case .firstName: 1
        case .lastName: 2
        case .title: 3
        case .company: 4
        case .domain: 5
        case .industry: 6
        case .employees: 7
        case .country: 8
        case .city: 9
        case .phone: 10
        case .leadSource: 11
        case .lifecycleStage: 12
        case .createdAt: 13
        }
    }

    /// The column of `contacts` that holds the field.
    public var column: String { rawValue }
}

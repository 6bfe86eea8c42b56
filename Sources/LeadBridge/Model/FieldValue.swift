/// A typed canonical value. Dates are whole seconds since 1970 in UTC, the way the store keeps every time.
public enum FieldValue: Sendable, Hashable, CustomStringConvertible {
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case date(Int64)

    public var description: String {
        switch self {
        case .text(let value): value
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .date(let seconds): UTCTime.iso8601(seconds)
        }
    }

    /// The value as text for hashing and JSON: dates in ISO 8601.
    public var text: String { description }
}

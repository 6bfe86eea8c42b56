/// A failure of the database itself (not of a record): the run stops; what was committed before stays.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unavailable, migration, read, write
    }

    public var code: Code
    public var message: String
    /// The underlying error, as text.
    public var cause: String?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause.map { String(describing: $0) }
    }

    public var description: String { message }
}

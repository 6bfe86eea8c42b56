/// Why the sandbox could not start or load its state.
public struct SandboxError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The state file belongs to another data set (different seed or size).
        case stateMismatch
        /// The configuration cannot be served.
        case invalidConfiguration
        /// The server did not report a bound address.
        case bindFailed
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "sandbox \(code.rawValue): \(message)" }
}

/// No complete HTTP response: the request may or may not have reached the server.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Connection refused, host not found: retrying soon rarely helps; check the base URL.
        case cannotConnect = "cannot_connect"
        /// Timed out, connection dropped, body cut short.
        case interrupted
        case other
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

import Foundation

/// One HTTP request as the connectors build it, independent of the client library.
public struct HTTPRequest: Sendable, Equatable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", patch = "PATCH", put = "PUT", delete = "DELETE"
    }

    public var method: Method
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// Seconds before the request is abandoned (and retried as a network error).
    public var timeout: Double

    public init(_ method: Method, _ url: URL, headers: [String: String] = [:], body: Data? = nil,
                timeout: Double = 60) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

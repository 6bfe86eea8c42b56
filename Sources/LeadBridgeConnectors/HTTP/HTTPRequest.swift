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
    /// Whether sending it twice does no harm: then a dropped connection or a 5xx is retried. A write that is not
    /// (a POST or PATCH batch update) is never resent once it may have reached the server: its outcome is unknown
    /// (``APIError/Code/outcomeUnknown``).
    public var idempotent: Bool

    /// - Parameter idempotent: nil for the method's meaning: GET, PUT and DELETE are idempotent, POST and PATCH
    ///   are not. Pass true for a POST that only reads (HubSpot search, batch/read, a token request).
    public init(_ method: Method, _ url: URL, headers: [String: String] = [:], body: Data? = nil,
                timeout: Double = 60, idempotent: Bool? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.idempotent = idempotent ?? [.get, .put, .delete].contains(method)
    }
}

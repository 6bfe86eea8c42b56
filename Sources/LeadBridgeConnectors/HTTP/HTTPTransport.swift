/// The one seam between the connectors and the network: send a request, get the whole response.
///
/// A transport reports any HTTP status as a response; it throws only when no complete response arrived
/// (connection refused or dropped, timeout, truncated body), with ``TransportError``.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

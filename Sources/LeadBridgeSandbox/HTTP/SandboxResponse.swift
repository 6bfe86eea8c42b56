import Foundation

/// A response before it is written: status, headers, body, and how the bytes are delivered (faults can cut them).
struct SandboxResponse: Sendable {
    enum Delivery: Sendable, Equatable {
        case complete
        /// Send the headers with the full `Content-Length`, then only the first half of the body, then close.
        case truncated
        /// Close the connection without sending a response.
        case dropped
    }

    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var delivery: Delivery = .complete

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ value: JSONValue, status: Int = 200, headers: [(name: String, value: String)] = [])
        -> SandboxResponse
    {
        SandboxResponse(
            status: status,
            headers: [("Content-Type", "application/json;charset=UTF-8")] + headers,
            body: value.serialized()
        )
    }

    static func xml(_ text: String, status: Int = 200) -> SandboxResponse {
        SandboxResponse(status: status, headers: [("Content-Type", "application/xml;charset=UTF-8")],
                        body: Array(text.utf8))
    }

    static func noContent() -> SandboxResponse { SandboxResponse(status: 204) }

    mutating func addHeader(_ name: String, _ value: String) { headers.append((name, value)) }
}

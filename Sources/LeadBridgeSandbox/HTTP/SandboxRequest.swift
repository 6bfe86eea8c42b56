import Foundation

/// One decoded HTTP request as the vendor handlers see it: the vendor prefix is already stripped from `path`.
struct SandboxRequest: Sendable {
    var method: String
    /// The path below the vendor prefix, percent-decoded, e.g. `/crm/v3/objects/contacts`.
    var path: String
    /// Query items in order; `+` is a space, as in HTML forms.
    var query: [(name: String, value: String)]
    /// Header values by lower-cased name.
    var headers: [String: String]
    var body: [UInt8]

    func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The bearer token of the `Authorization` header, if any.
    var bearerToken: String? {
        guard let value = header("authorization") else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    /// The path split into its segments.
    var segments: [Substring] { path.split(separator: "/") }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON, or nil when it is empty or not JSON.
    func jsonBody() -> JSONValue? {
        guard !body.isEmpty else { return nil }
        return JSONReader.decode(body)
    }

    /// Form or query items: `application/x-www-form-urlencoded` bodies and the query string together.
    func formItems() -> [(name: String, value: String)] {
        let contentType = header("content-type") ?? ""
        if contentType.contains("application/x-www-form-urlencoded") || (method == "POST" && !body.isEmpty
            && !contentType.contains("json") && !contentType.contains("xml"))
        {
            return query + Self.parseQuery(bodyText)
        }
        return query
    }

    static func parseQuery(_ string: String) -> [(name: String, value: String)] {
        string.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            return (name, value)
        }
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

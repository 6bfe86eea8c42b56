import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LeadBridgeSandbox

/// A minimal HTTP client for driving the sandbox over loopback, independent of the connectors.
struct TestClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var data: Data

        var json: Any? { try? JSONSerialization.jsonObject(with: data) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var text: String { String(decoding: data, as: UTF8.self) }

        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    let session: URLSession
    let base: URL

    init(_ sandbox: RunningSandbox) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        // URLSession's default, as the connectors use: in a full parallel run on two cores the sandbox answers
        // late while the pull, push and kill tests saturate the machine, and a 10 s limit failed there.
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
        base = sandbox.baseURL
    }

    /// Sends a request to `path` (which includes the vendor prefix and any query string).
    func send(_ method: String, _ path: String, headers: [String: String] = [:], json: Any? = nil,
              form: [String: String]? = nil, body: Data? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: base.absoluteString + path)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let form {
            request.httpBody = Data(form.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&").utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var replyHeaders: [String: String] = [:]
        for (key, value) in http.allHeaderFields { replyHeaders["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: replyHeaders, data: data)
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    // MARK: Vendor shortcuts

    static let hubSpotAuth = ["Authorization": "Bearer \(SandboxCredentials.hubSpotAccessToken)"]

    func hubSpot(_ method: String, _ path: String, json: Any? = nil) async throws -> Reply {
        try await send(method, "/hubspot" + path, headers: Self.hubSpotAuth, json: json)
    }

    /// A Salesforce access token through the client-credentials grant.
    func salesforceToken() async throws -> String {
        let reply = try await send("POST", "/salesforce/services/oauth2/token", form: [
            "grant_type": "client_credentials", "client_id": SandboxCredentials.salesforceClientID,
            "client_secret": SandboxCredentials.salesforceClientSecret,
        ])
        return reply.object["access_token"] as? String ?? ""
    }

    func salesforce(_ method: String, _ path: String, token: String, json: Any? = nil,
                    headers: [String: String] = [:]) async throws -> Reply {
        try await send(method, "/salesforce" + path,
                       headers: headers.merging(["Authorization": "Bearer \(token)"]) { a, _ in a }, json: json)
    }

    func soql(_ query: String, token: String, headers: [String: String] = [:]) async throws -> Reply {
        try await salesforce("GET", "/services/data/v60.0/query?q=" + Self.encode(query), token: token,
                             headers: headers)
    }
}

extension TestClient {
    /// The same HubSpot request `count` times at once, replies ordered by status: a rate-limit test whose requests
    /// went out one after another could see the ten-second window roll over in a loaded full run.
    func hubSpotAtOnce(_ count: Int, _ method: String, _ path: String) async throws -> [Reply] {
        try await withThrowingTaskGroup(of: Reply.self) { group in
            for _ in 0..<count { group.addTask { try await self.hubSpot(method, path) } }
            var replies: [Reply] = []
            for try await reply in group { replies.append(reply) }
            return replies.sorted { $0.status < $1.status }
        }
    }
}

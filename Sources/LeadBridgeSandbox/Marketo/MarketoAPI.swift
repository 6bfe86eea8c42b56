import Foundation

/// Marketo REST: the identity token endpoint, leads by filter with `nextPageToken`, lead describe, lead
/// create/update, activity types, paging tokens, activities (New Lead among them), lead changes and deleted leads,
/// and the Bulk Extract API for leads and activities (`MarketoAPI+BulkExtract.swift`). Most errors are HTTP 200 with
/// `success: false` and a code: 600/601/602 for tokens, 606 rate, 607 daily quota, 615 concurrency,
/// 1003/1004/1006 for input, 1029/1035 for bulk extracts.
///
/// Documentation followed (see also LeadBridgeSandbox.docc/Endpoints.md):
/// - Authentication: https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication
/// - Error codes: https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes
/// - Leads: https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads
/// - Activities: https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities
/// - Paging tokens: https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/paging-tokens
/// - Limits: https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/marketo-integration-best-practices
struct MarketoAPI: Sendable {
    let services: SandboxServices
    let timeline: MarketoActivityTimeline

    static let batchLimit = 300

    init(services: SandboxServices) {
        self.services = services
        timeline = MarketoActivityTimeline(dataSet: services.dataSet)
    }

    func handle(_ request: SandboxRequest) async throws -> SandboxResponse {
        let segments = request.segments.map(String.init)
        if segments == ["identity", "oauth", "token"] { return await token(request) }
        let token = request.bearerToken ?? request.queryValue("access_token")
        switch await services.store.tokenStatus(token, for: .marketo) {
        case .valid: break
        case .missing: return Self.failure(code: "600", message: "Access token not specified")
        case .unknown: return Self.failure(code: "601", message: "Access token invalid")
        case .expired: return Self.failure(code: "602", message: "Access token expired")
        }
        switch await services.limiter.admitMarketo() {
        case .admitted: break
        case .rateLimited: return Self.failure(code: "606", message: "Max rate limit '100' exceeded with in '20' secs")
        case .dailyQuota: return Self.failure(code: "607", message: "Daily quota reached")
        case .concurrency: return Self.failure(code: "615", message: "Concurrent access limit reached")
        }
        let response = try await route(request, segments: segments)
        await services.limiter.finishMarketo()
        return response
    }

    private func route(_ request: SandboxRequest, segments: [String]) async throws -> SandboxResponse {
        if segments.count >= 4, segments[0] == "bulk", segments[1] == "v1",
           segments[3] == "export" || segments[3] == "export.json" {
            return await bulkExport(request, segments: segments)
        }
        switch (request.method, segments) {
        case ("GET", ["rest", "v1", "leads.json"]):
            return await leads(request)
        case ("POST", ["rest", "v1", "leads.json"]):
            // `_method=GET` turns a POST into a GET with its parameters in the body.
            if request.queryValue("_method") == "GET" {
                var asGet = request
                asGet.query = request.formItems()
                return await leads(asGet)
            }
            return try await syncLeads(request)
        case ("GET", ["rest", "v1", "leads", "describe.json"]):
            return .json(Self.success(MarketoLeadView.fields.enumerated().map { position, field in
                ["id": .int(position + 1), "displayName": .string(field.display), "dataType": .string(field.type),
                 "length": field.type == "string" || field.type == "email" ? 255 : .null,
                 "rest": ["name": .string(field.name), "readOnly": .bool(field.readOnly)],
                 "soap": ["name": .string(field.display.replacingOccurrences(of: " ", with: "")),
                          "readOnly": .bool(field.readOnly)]]
            }))
        case ("GET", ["rest", "v1", "activities", "types.json"]):
            return .json(Self.success(MarketoActivityType.all.map { type in
                ["id": .int(type.id), "name": .string(type.name), "description": .string(type.description),
                 "primaryAttribute": ["name": .string(type.primaryAttribute), "dataType": "integer"],
                 "attributes": .array(type.attributes.map { ["name": .string($0), "dataType": "string"] })]
            }))
        case ("GET", ["rest", "v1", "activities", "pagingtoken.json"]):
            return pagingToken(request)
        case ("GET", ["rest", "v1", "activities", "leadchanges.json"]):
            return await leadChanges(request)
        case ("GET", ["rest", "v1", "activities", "deletedleads.json"]):
            return await deletedLeads(request)
        case ("GET", ["rest", "v1", "activities.json"]):
            return await activities(request)
        default:
            return SandboxResponse(status: 404, headers: [("Content-Type", "text/html")],
                                   body: Array("<html><body>404 Not Found</body></html>".utf8))
        }
    }

    // MARK: Identity

    /// `GET|POST /identity/oauth/token?grant_type=client_credentials&client_id=…&client_secret=…`.
    private func token(_ request: SandboxRequest) async -> SandboxResponse {
        let items = Dictionary(request.formItems().map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard items["grant_type"] == "client_credentials" else {
            return .json(["error": "unsupported_grant_type", "error_description": "Unsupported grant type"],
                         status: 400)
        }
        guard items["client_id"] == SandboxCredentials.marketoClientID,
              items["client_secret"] == SandboxCredentials.marketoClientSecret
        else {
            return .json(["error": "invalid_client", "error_description": "Bad client credentials"], status: 401)
        }
        let issued = await services.store.issueToken(for: .marketo)
        return .json(["access_token": .string(issued.token), "token_type": "bearer",
                      "expires_in": .int(max(0, issued.expiresIn - 1)), "scope": "sandbox@example.com"])
    }

    // MARK: Envelopes

    static func success(_ result: [JSONValue], extra: [String: JSONValue] = [:]) -> JSONValue {
        var body: [String: JSONValue] = ["requestId": .string(requestID()), "success": true,
                                         "result": .array(result)]
        body.merge(extra) { _, new in new }
        return .object(body)
    }

    static func failure(code: String, message: String) -> SandboxResponse {
        .json(["requestId": .string(requestID()), "success": false,
               "errors": [["code": .string(code), "message": .string(message)]]])
    }

    static func requestID() -> String {
        let hex = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return String(hex.prefix(4)) + "#" + String(hex.dropFirst(4).prefix(11))
    }

    static func pageToken(_ position: Int) -> String {
        Data("sandbox:\(position)".utf8).base64EncodedString()
    }

    static func position(ofToken token: String) -> Int? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("sandbox:") else { return nil }
        return Int(text.dropFirst("sandbox:".count))
    }

    func leadView() async -> MarketoLeadView {
        MarketoLeadView(dataSet: services.dataSet, overlays: await services.store.overlays(of: .marketoLead))
    }
}

import Foundation

/// Salesforce REST: the OAuth2 token endpoint, versions, SOQL query with `nextRecordsUrl`, sObject describe,
/// read and conditional PATCH, sObject Collections update and Bulk API 2.0 ingest jobs. Errors are JSON arrays of
/// `{message, errorCode}`.
///
/// Documentation followed (see also LeadBridgeSandbox.docc/Endpoints.md):
/// - Status codes and error bodies: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
/// - Query: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
/// - Conditional requests: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/intro_rest_conditional_requests.htm
/// - sObject Collections update: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
/// - OAuth token endpoint: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
///   and https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
/// - API usage header: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
struct SalesforceAPI: Sendable {
    let services: SandboxServices

    static let versions = ["58.0", "59.0", "60.0", "61.0", "62.0"]
    static let releaseNames = ["Summer '23", "Winter '24", "Spring '24", "Summer '24", "Winter '25"]
    static let defaultBatchSize = 2_000
    static let collectionLimit = 200

    func handle(_ request: SandboxRequest) async throws -> SandboxResponse {
        let segments = request.segments.map(String.init)
        if segments == ["services", "oauth2", "token"], request.method == "POST" {
            return await token(request)
        }
        if segments == ["services", "data"], request.method == "GET" {
            return .json(.array(zip(Self.versions, Self.releaseNames).map { version, label in
                ["label": .string(label), "url": .string("/services/data/v\(version)"), "version": .string(version)]
            }))
        }
        guard segments.count >= 3, segments[0] == "services", segments[1] == "data",
              segments[2].hasPrefix("v"), Self.versions.contains(String(segments[2].dropFirst()))
        else {
            return Self.error(status: 404, code: "NOT_FOUND", message: "The requested resource does not exist")
        }
        switch await services.store.tokenStatus(request.bearerToken, for: .salesforce) {
        case .valid: break
        default: return Self.error(status: 401, code: "INVALID_SESSION_ID", message: "Session expired or invalid")
        }
        let usage = await services.limiter.admitSalesforce()
        guard usage.allowed else { return Self.requestLimitExceeded() }
        var response = try await route(request, version: segments[2], rest: Array(segments.dropFirst(3)))
        response.addHeader("Sforce-Limit-Info", "api-usage=\(usage.used)/\(usage.limit ?? 5_000_000)")
        return response
    }

    private func route(_ request: SandboxRequest, version: String, rest: [String]) async throws -> SandboxResponse {
        switch (request.method, rest) {
        case ("GET", ["query"]), ("GET", ["queryAll"]):
            return await query(request, version: version)
        case ("GET", let r) where r.count == 2 && (r[0] == "query" || r[0] == "queryAll"):
            return await queryMore(locator: r[1], request: request, version: version)
        case ("GET", ["sobjects"]):
            return .json(["encoding": "UTF-8", "maxBatchSize": 200, "sobjects": .array(
                SalesforceSchema.objects.keys.sorted().map { describeSummary($0, version: version) })])
        case ("GET", let r) where r.count == 3 && r[0] == "sobjects" && r[2] == "describe":
            return describe(r[1], version: version)
        case ("GET", let r) where r.count == 3 && r[0] == "sobjects":
            return await read(object: r[1], id: r[2], request: request, version: version)
        case ("PATCH", let r) where r.count == 3 && r[0] == "sobjects":
            return try await update(object: r[1], id: r[2], request: request)
        case ("PATCH", ["composite", "sobjects"]):
            return try await updateCollection(request)
        case (_, let r) where r.count >= 2 && r[0] == "jobs" && r[1] == "ingest":
            return try await ingest(request, version: version, rest: Array(r.dropFirst(2)))
        default:
            return Self.error(status: 404, code: "NOT_FOUND", message: "The requested resource does not exist")
        }
    }

    // MARK: Errors

    /// The REST error body: `[{"message": …, "errorCode": …, "fields": […]}]`.
    static func error(status: Int, code: String, message: String, fields: [String]? = nil) -> SandboxResponse {
        var item: [String: JSONValue] = ["message": .string(message), "errorCode": .string(code)]
        if let fields { item["fields"] = .array(fields.map { .string($0) }) }
        return .json(.array([.object(item)]), status: status)
    }

    static func requestLimitExceeded() -> SandboxResponse {
        error(status: 403, code: "REQUEST_LIMIT_EXCEEDED", message: "TotalRequests Limit exceeded.")
    }

    func recordView() async -> SalesforceRecordView {
        SalesforceRecordView(
            dataSet: services.dataSet,
            leadOverlays: await services.store.overlays(of: .salesforceLead),
            contactOverlays: await services.store.overlays(of: .salesforceContact)
        )
    }

    static func attributes(_ object: String, id: String, version: String) -> JSONValue {
        ["type": .string(object), "url": .string("/services/data/\(version)/sobjects/\(object)/\(id)")]
    }

    func pending(_ request: SandboxRequest, status: Int) -> PendingWrite {
        PendingWrite(vendor: "salesforce", method: request.method, path: request.path, body: request.bodyText,
                     status: status)
    }
}

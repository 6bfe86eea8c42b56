import Foundation

/// HubSpot CRM v3: contacts (list, archived list, read, search, batch read/update, update), contact properties, the
/// engagement objects emails, meetings and notes (list, read, search), and their contact associations
/// (v4 batch read); the events API's web events (page views, form submissions). Private-app bearer auth, the
/// 10-second rate window and the search endpoints' limit per second.
///
/// Documentation followed (see also LeadBridgeSandbox.docc/Endpoints.md):
/// - Contacts: https://developers.hubspot.com/docs/api/crm/contacts
/// - Search: https://developers.hubspot.com/docs/api/crm/search
/// - Properties: https://developers.hubspot.com/docs/api/crm/properties
/// - Engagements: https://developers.hubspot.com/docs/api/crm/engagements, /crm/email, /crm/meetings
/// - Events: https://developers.hubspot.com/docs/reference/api/analytics-and-events/event-analytics
/// - Associations v4: https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations
/// - Errors and auth: https://developers.hubspot.com/docs/api/error-handling
/// - Limits: https://developers.hubspot.com/docs/api/usage-details
struct HubSpotAPI: Sendable {
    let services: SandboxServices

    static let listLimit = 100
    static let searchLimit = 200
    static let searchResultCap = 10_000
    static let batchLimit = 100
    /// Ids per v4 association batch read (since February 2025).
    static let associationBatchLimit = 1_000

    /// The properties a read returns when the request names none.
    static let defaultProperties = ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"]

    static let propertyDefinitions: [String: HubSpotPropertyDefinition] = {
        let list = [
            HubSpotPropertyDefinition(name: "hs_object_id", label: "Record ID", type: "number",
                                      fieldType: "number", readOnlyValue: true),
            HubSpotPropertyDefinition(name: "email", label: "Email", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "firstname", label: "First Name", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "lastname", label: "Last Name", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "jobtitle", label: "Job Title", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "company", label: "Company Name", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "website", label: "Website URL", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "industry", label: "Industry", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "numemployees", label: "Number of Employees", type: "enumeration",
                                      fieldType: "select",
                                      options: ["1-5", "5-25", "25-50", "50-100", "100-500", "500-1000", "1000+"]),
            HubSpotPropertyDefinition(name: "country", label: "Country/Region", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "city", label: "City", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "phone", label: "Phone Number", type: "string", fieldType: "text"),
            HubSpotPropertyDefinition(name: "hs_analytics_source", label: "Original Source", type: "enumeration",
                                      fieldType: "select", groupName: "analyticsinformation", readOnlyValue: true,
                                      options: ["ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING", "SOCIAL_MEDIA",
                                                "REFERRALS", "OTHER_CAMPAIGNS", "DIRECT_TRAFFIC", "OFFLINE",
                                                "PAID_SOCIAL"]),
            HubSpotPropertyDefinition(name: "lifecyclestage", label: "Lifecycle Stage", type: "enumeration",
                                      fieldType: "radio", options: HubSpotContactView.stageOrder),
            HubSpotPropertyDefinition(name: "hs_lead_status", label: "Lead Status", type: "enumeration",
                                      fieldType: "radio",
                                      options: ["NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED",
                                                "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"]),
            // HubSpot calculates its own score from the portal's scoring rules: its value cannot be set.
            HubSpotPropertyDefinition(name: "hubspotscore", label: "HubSpot Score", type: "number",
                                      fieldType: "number", readOnlyValue: true),
            // A custom number property a portal admin creates for LeadBridge to write its score to; empty until
            // written.
            HubSpotPropertyDefinition(name: "leadbridge_score", label: "LeadBridge Score", type: "number",
                                      fieldType: "number", hubspotDefined: false),
            HubSpotPropertyDefinition(name: "createdate", label: "Create Date", type: "datetime", fieldType: "date",
                                      readOnlyValue: true),
            HubSpotPropertyDefinition(name: "lastmodifieddate", label: "Last Modified Date", type: "datetime",
                                      fieldType: "date", readOnlyValue: true),
        ] + HubSpotStageDates.definitions
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    // MARK: Dispatch

    func handle(_ request: SandboxRequest) async throws -> SandboxResponse {
        // Private apps authenticate with `Authorization: Bearer <token>`; anything else is 401.
        guard await services.store.tokenStatus(request.bearerToken, for: .hubspot) == .valid else {
            return Self.error(
                status: 401, category: "INVALID_AUTHENTICATION",
                message: "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
                    + "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
            )
        }
        let budget = await services.limiter.admitHubSpot()
        var response: SandboxResponse
        if !budget.allowed {
            response = Self.rateLimited()
        } else if Self.isSearch(request), !(await services.limiter.admitHubSpotSearch()) {
            response = Self.searchRateLimited()
        } else {
            response = try await route(request)
        }
        response.addHeader("X-HubSpot-RateLimit-Daily", String(budget.dailyMax))
        response.addHeader("X-HubSpot-RateLimit-Daily-Remaining", String(budget.dailyRemaining))
        if budget.max != Int.max {
            response.addHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
            response.addHeader("X-HubSpot-RateLimit-Max", String(budget.max))
            response.addHeader("X-HubSpot-RateLimit-Remaining", String(budget.remaining))
        }
        return response
    }

    private func route(_ request: SandboxRequest) async throws -> SandboxResponse {
        let segments = request.segments.map(String.init)
        switch (request.method, segments) {
        case ("GET", ["crm", "v3", "objects", "contacts"]):
            return await listContacts(request)
        case ("POST", ["crm", "v3", "objects", "contacts", "search"]):
            return await searchContacts(request)
        case ("POST", ["crm", "v3", "objects", "contacts", "batch", "read"]):
            return await batchRead(request)
        case ("POST", ["crm", "v3", "objects", "contacts", "batch", "update"]):
            return try await batchUpdate(request)
        case ("GET", let s) where s.count == 5 && s.starts(with: ["crm", "v3", "objects", "contacts"]):
            return await getContact(request, id: s[4])
        case ("PATCH", let s) where s.count == 5 && s.starts(with: ["crm", "v3", "objects", "contacts"]):
            return try await updateContact(request, id: s[4])
        case ("GET", ["crm", "v3", "properties", "contacts"]):
            return .json(["results": .array(Self.propertyDefinitions.keys.sorted().map {
                Self.propertyDefinitions[$0]!.json
            })])
        case ("GET", let s) where s.count == 5 && s.starts(with: ["crm", "v3", "properties", "contacts"]):
            guard let definition = Self.propertyDefinitions[s[4]] else {
                return Self.error(status: 404, category: "OBJECT_NOT_FOUND",
                                  message: "Unable to find property \(s[4]) for object type 0-1")
            }
            return .json(definition.json)
        case ("GET", let s) where s.count == 4 && s.starts(with: ["crm", "v3", "objects"])
            && HubSpotEngagementView.Kind(rawValue: s[3]) != nil:
            return await listEngagements(request, kind: HubSpotEngagementView.Kind(rawValue: s[3])!)
        case ("POST", let s) where s.count == 5 && s.starts(with: ["crm", "v3", "objects"]) && s[4] == "search"
            && HubSpotEngagementView.Kind(rawValue: s[3]) != nil:
            return await searchEngagements(request, kind: HubSpotEngagementView.Kind(rawValue: s[3])!)
        case ("GET", let s) where s.count == 5 && s.starts(with: ["crm", "v3", "objects"])
            && HubSpotEngagementView.Kind(rawValue: s[3]) != nil:
            return await getEngagement(request, kind: HubSpotEngagementView.Kind(rawValue: s[3])!, id: s[4])
        case ("GET", ["events", "v3", "events"]):
            return await listEvents(request)
        case ("GET", ["events", "v3", "events", "event-types"]):
            return eventTypes()
        case ("POST", let s) where s.count == 7 && s.starts(with: ["crm", "v4", "associations"])
            && s[5] == "batch" && s[6] == "read":
            return await readAssociations(request, from: s[3], to: s[4])
        default:
            return Self.error(status: 404, category: "OBJECT_NOT_FOUND", message: "Resource not found")
        }
    }

    // MARK: Errors

    /// The CRM v3 error envelope: `{status, message, correlationId, category}` plus optional `errors`/`context`.
    static func error(status: Int, category: String, message: String, extra: [String: JSONValue] = [:])
        -> SandboxResponse
    {
        var body: [String: JSONValue] = [
            "status": "error", "message": .string(message),
            "correlationId": .string(UUID().uuidString.lowercased()), "category": .string(category),
        ]
        body.merge(extra) { _, new in new }
        return .json(.object(body), status: status)
    }

    /// 429 for the rolling ten-second window, as https://developers.hubspot.com/docs/api/usage-details shows it.
    static func rateLimited() -> SandboxResponse {
        .json([
            "status": "error",
            "message": "You have reached your ten_secondly_rolling limit.",
            "errorType": "RATE_LIMIT",
            "correlationId": .string(UUID().uuidString.lowercased()),
            "policyName": "TEN_SECONDLY_ROLLING",
            "groupName": "publicapi:private-app:sandbox",
        ], status: 429)
    }

    /// 429 for the search endpoints' limit per second: HubSpot's `SECONDLY` policy body.
    static func searchRateLimited() -> SandboxResponse {
        .json([
            "status": "error",
            "message": "You have reached your secondly limit.",
            "errorType": "RATE_LIMIT",
            "correlationId": .string(UUID().uuidString.lowercased()),
            "policyName": "SECONDLY",
            "groupName": "publicapi:crm-search:sandbox",
        ], status: 429)
    }

    // MARK: Helpers

    /// `POST /crm/v3/objects/{objectType}/search`: what the search limit counts.
    static func isSearch(_ request: SandboxRequest) -> Bool {
        let segments = request.segments
        return request.method == "POST" && segments.count == 5 && segments[0] == "crm" && segments[1] == "v3"
            && segments[2] == "objects" && segments[4] == "search"
    }

    func contactView() async -> HubSpotContactView {
        HubSpotContactView(dataSet: services.dataSet, overlays: await services.store.overlays(of: .hubSpotContact))
    }

    /// `properties` as a comma-separated or repeated query parameter.
    static func requestedProperties(_ request: SandboxRequest) -> [String]? {
        let values = request.queryValues("properties").flatMap { $0.split(separator: ",").map(String.init) }
        return values.isEmpty ? nil : values
    }

    static func propertyList(_ value: JSONValue?) -> [String]? {
        guard let names = value?.arrayValue?.compactMap(\.stringValue), !names.isEmpty else { return nil }
        return names
    }
}

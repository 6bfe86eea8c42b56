import Foundation
import LeadBridgeSampleData

/// Pardot (Account Engagement) XML API v4: prospect query/read/update and visitor-activity query, with a
/// Salesforce access token and the `Pardot-Business-Unit-Id` header. Answers `<rsp stat="ok">` or
/// `<rsp stat="fail"><err code="…">…</err></rsp>`.
///
/// Documentation followed (see also LeadBridgeSandbox.docc/Endpoints.md):
/// - Prospects: https://developer.salesforce.com/docs/marketing/pardot/guide/prospects-v4.html
/// - Visitor activities: https://developer.salesforce.com/docs/marketing/pardot/guide/visitor-activities-v4.html
/// - Authentication: https://developer.salesforce.com/docs/marketing/pardot/guide/authentication.html
/// - Error codes: https://developer.salesforce.com/docs/marketing/pardot/guide/error-codes.html
struct PardotAPI: Sendable {
    let services: SandboxServices

    static let queryLimit = 200

    func handle(_ request: SandboxRequest) async throws -> SandboxResponse {
        switch await services.store.tokenStatus(request.bearerToken, for: .pardot) {
        case .valid: break
        default:
            var response = Self.failure(code: 184, message: "access_token is invalid, unverified, or has expired")
            response.status = 401
            return response
        }
        guard let unit = request.header("pardot-business-unit-id") else {
            return Self.failure(code: 181, message: "A required header is missing: Pardot-Business-Unit-Id header "
                                + "not found on request.")
        }
        guard unit == SandboxCredentials.pardotBusinessUnitID else {
            return Self.failure(code: 201, message: "Business Unit specified in Pardot-Business-Unit-Id header not "
                                + "found or inactive.")
        }
        guard await services.limiter.admitPardot() else {
            return Self.failure(code: 122, message: "Daily API rate limit met")
        }
        // /api/<object>/version/<3|4>/do/<action>[/id/<id>]
        let segments = request.segments.map(String.init)
        guard segments.count >= 6, segments[0] == "api", segments[2] == "version", segments[4] == "do" else {
            return Self.failure(code: 1, message: "Invalid action")
        }
        var parameters = request
        parameters.query = request.formItems()
        switch (segments[1], segments[5]) {
        case ("prospect", "query"):
            return await queryProspects(parameters)
        case ("prospect", "read"):
            return await readProspect(parameters, segments: segments)
        case ("prospect", "update"):
            return try await updateProspect(parameters, segments: segments)
        case ("visitorActivity", "query"):
            return queryActivities(parameters)
        default:
            return Self.failure(code: 1, message: "Invalid action")
        }
    }

    static func failure(code: Int, message: String) -> SandboxResponse {
        .xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsp stat=\"fail\" version=\"1.0\">\n"
            + "   <err code=\"\(code)\">\(PardotXML.escape(message))</err>\n</rsp>\n")
    }

    func prospectView() async -> PardotProspectView {
        PardotProspectView(dataSet: services.dataSet, overlays: await services.store.overlays(of: .pardotProspect))
    }

    struct Paging {
        var offset: Int
        var limit: Int
    }

    /// `offset` and `limit` (at most 200).
    static func paging(_ request: SandboxRequest) -> Result<Paging, PagingError> {
        let offset = request.queryValue("offset").flatMap(Int.init) ?? 0
        let limit = request.queryValue("limit").flatMap(Int.init) ?? queryLimit
        guard offset >= 0 else { return .failure(PagingError(message: "Invalid offset")) }
        guard limit >= 1, limit <= queryLimit else {
            return .failure(PagingError(message: "Invalid limit; the maximum is \(queryLimit)"))
        }
        return .success(Paging(offset: offset, limit: limit))
    }

    struct PagingError: Error {
        var message: String
    }

    // MARK: Prospects

    /// `/api/prospect/version/4/do/query`: `updated_after`, `updated_before`, `created_after`, `id_greater_than`,
    /// `id_less_than`, `deleted` (true: only the recycle bin; all: both), `sort_by` (id, created_at, updated_at),
    /// `sort_order`, `offset`, `limit` ≤ 200. Deleting a prospect updates its `updated_at`.
    private func queryProspects(_ request: SandboxRequest) async -> SandboxResponse {
        let paging: Paging
        switch Self.paging(request) {
        case .success(let value): paging = value
        case .failure(let error): return Self.failure(code: 10, message: error.message)
        }
        func date(_ name: String) -> Double?? {
            guard let text = request.queryValue(name) else { return .some(nil) }
            guard let parsed = SandboxTimestamp.parse(text) else { return nil }
            return .some(parsed.timeIntervalSince1970)
        }
        guard let updatedAfter = date("updated_after"), let updatedBefore = date("updated_before"),
              let createdAfter = date("created_after")
        else {
            return Self.failure(code: 12, message: "Invalid time specified")
        }
        let idGreater = request.queryValue("id_greater_than").flatMap(Int.init)
        let idLess = request.queryValue("id_less_than").flatMap(Int.init)
        // `deleted`: true lists only prospects in the recycle bin, all lists both, anything else only live ones.
        let deleted = request.queryValue("deleted")?.lowercased()
        let view = await prospectView()
        var matches = (0..<services.dataSet.contactCount).filter { index in
            let id = index + 1
            switch deleted {
            case "true": if !view.isDeleted(index) { return false }
            case "all": break
            default: if view.isDeleted(index) { return false }
            }
            if let idGreater, id <= idGreater { return false }
            if let idLess, id >= idLess { return false }
            let modified = view.modified(index).rounded(.down)
            if let updatedAfter, modified <= updatedAfter { return false }
            if let updatedBefore, modified >= updatedBefore { return false }
            if let createdAfter, services.dataSet.baseCreated[index] <= createdAfter { return false }
            return true
        }
        let descending = request.queryValue("sort_order") == "descending"
        switch request.queryValue("sort_by") ?? "id" {
        case "updated_at":
            matches.sort { (view.modified($0).rounded(.down), $0) < (view.modified($1).rounded(.down), $1) }
        case "created_at":
            matches.sort { (services.dataSet.baseCreated[$0], $0) < (services.dataSet.baseCreated[$1], $1) }
        default:
            break
        }
        if descending { matches.reverse() }
        let start = min(paging.offset, matches.count)
        let end = min(matches.count, start + paging.limit)
        var body = "   <result>\n      <total_results>\(matches.count)</total_results>\n"
        for index in matches[start..<end] { body += view.xml(index) }
        body += "   </result>\n"
        return .xml(PardotXML.ok(body))
    }

    private func prospectIndex(_ segments: [String], view: PardotProspectView) -> Int? {
        guard segments.count >= 8 else { return nil }
        let key = segments[6]
        let value = segments[7]
        switch key {
        case "id":
            guard let id = Int(value), id >= 1, id <= services.dataSet.contactCount else { return nil }
            return id - 1
        case "email":
            let local = value.lowercased().split(separator: "@").first ?? ""
            let digits = String(local.reversed().prefix { $0.isNumber }.reversed())
            guard let index = Int(digits), index < services.dataSet.contactCount,
                  (view.fields(index)["email"] ?? nil)?.lowercased() == value.lowercased() else { return nil }
            return index
        default:
            return nil
        }
    }

    /// `/api/prospect/version/4/do/read/id/<id>` (or `/email/<email>`).
    private func readProspect(_ request: SandboxRequest, segments: [String]) async -> SandboxResponse {
        let view = await prospectView()
        guard let index = prospectIndex(segments, view: view), !view.isDeleted(index) else {
            return Self.failure(code: 4, message: "Invalid prospect ID")
        }
        return .xml(PardotXML.ok(view.xml(index).replacingOccurrences(of: "\n      ", with: "\n   ")))
    }

    /// `/api/prospect/version/4/do/update/id/<id>?<field>=<value>…`: answers the updated prospect.
    private func updateProspect(_ request: SandboxRequest, segments: [String]) async throws -> SandboxResponse {
        let view = await prospectView()
        let write = { (status: Int) in
            PendingWrite(vendor: "pardot", method: request.method, path: request.path,
                         body: request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"), status: status)
        }
        guard let index = prospectIndex(segments, view: view) else {
            try await services.store.logWrite(write(200))
            return Self.failure(code: 4, message: "Invalid prospect ID")
        }
        var changes: [String: JSONValue] = [:]
        for item in request.query where !["format", "output", "api_key", "user_key"].contains(item.name) {
            guard PardotProspectView.updatable.contains(item.name) else {
                try await services.store.logWrite(write(200))
                return Self.failure(code: 24, message: "Invalid prospect field: \(item.name)")
            }
            changes[item.name] = .string(item.value)
        }
        try await services.store.commit(
            changes.isEmpty ? [:] : [RecordKey(object: .pardotProspect, index: index): changes], write: write(200))
        return .xml(PardotXML.ok(await prospectView().xml(index).replacingOccurrences(of: "\n      ", with: "\n   ")))
    }

    // MARK: Visitor activities

    /// Pardot visitor activity type codes and names for the generated kinds (the v4 object field reference's
    /// "Visitor Activity" types: 1 Click, 2 View, 4 Success, 6 Sent, 11 Open, 12 Unsubscribe Page, 20 Visit,
    /// 23 Invited to Webinar, 24 Attended Webinar, 25 Registered for Webinar …).
    static func activityType(_ kind: SampleActivity.Kind) -> (Int, String) {
        switch kind {
        case .emailClick: (1, "Click")
        case .pageView: (2, "View")
        case .formFill, .demoRequest: (4, "Success")
        case .emailOpen: (11, "Open")
        case .unsubscribe: (12, "Unsubscribe Page")
        case .webinarAttended: (24, "Attended Webinar")
        case .webinarRegistered: (25, "Registered for Webinar")
        }
    }

    /// `/api/visitorActivity/version/4/do/query`: `id_greater_than`, `id_less_than`, `created_after`,
    /// `created_before`, `prospect_ids`, `type`, `sort_by` (id; created_at is accepted but not emulated: the answer
    /// is in id order), `offset`, `limit` ≤ 200; in id order.
    private func queryActivities(_ request: SandboxRequest) -> SandboxResponse {
        let paging: Paging
        switch Self.paging(request) {
        case .success(let value): paging = value
        case .failure(let error): return Self.failure(code: 10, message: error.message)
        }
        let after = (request.queryValue("created_after") ?? request.queryValue("updated_after"))
            .flatMap(SandboxTimestamp.parse)?.timeIntervalSince1970
        let before = (request.queryValue("created_before") ?? request.queryValue("updated_before"))
            .flatMap(SandboxTimestamp.parse)?.timeIntervalSince1970
        guard (request.queryValue("sort_by") ?? "id") == "id" || request.queryValue("sort_by") == "created_at" else {
            return Self.failure(code: 10, message: "Invalid sort_by; use id or created_at")
        }
        let idGreater = request.queryValue("id_greater_than").flatMap(Int.init) ?? 0
        let idLess = request.queryValue("id_less_than").flatMap(Int.init)
        let prospects = Set((request.queryValue("prospect_ids") ?? "").split(separator: ",").compactMap { Int($0) })
        let types = Set((request.queryValue("type") ?? "").split(separator: ",").compactMap { Int($0) })
        var total = 0
        var body = ""
        let data = services.dataSet
        for person in max(0, idGreater / 1_000)..<data.contactCount {
            if !prospects.isEmpty, !prospects.contains(person + 1) { continue }
            for activity in data.activities(person) {
                let id = activity.id + 1
                guard id > idGreater, idLess.map({ id < $0 }) ?? true else { continue }
                if let after, activity.occurredAt.timeIntervalSince1970.rounded(.down) <= after { continue }
                if let before, activity.occurredAt.timeIntervalSince1970.rounded(.down) >= before { continue }
                let (type, name) = Self.activityType(activity.kind)
                if !types.isEmpty, !types.contains(type) { continue }
                if total >= paging.offset, total < paging.offset + paging.limit {
                    let stamp = SandboxTimestamp.pardot(activity.occurredAt)
                    body += PardotXML.element("visitor_activity", fields: [
                        ("id", String(id)), ("prospect_id", String(person + 1)),
                        ("visitor_id", String(person + 500_000)), ("type", String(type)), ("type_name", name),
                        ("details", activity.url ?? activity.asset), ("campaign_id", String(person % 6 + 1)),
                        ("created_at", stamp), ("updated_at", stamp),
                    ])
                }
                total += 1
            }
        }
        return .xml(PardotXML.ok("   <result>\n      <total_results>\(total)</total_results>\n" + body
            + "   </result>\n"))
    }
}

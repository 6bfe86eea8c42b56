import Foundation
import LeadBridgeSampleData

extension MarketoAPI {
    /// `GET /rest/v1/activities.json?nextPageToken=…&activityTypeIds=…[&leadIds=…][&batchSize=≤300]`:
    /// activities in date order from the token's position; `moreResult` and a new `nextPageToken` while more remain.
    func activities(_ request: SandboxRequest) async -> SandboxResponse {
        guard let token = request.queryValue("nextPageToken") else {
            return Self.failure(code: "1003", message: "nextPageToken is required")
        }
        guard let start = Self.position(ofToken: token) else {
            return Self.failure(code: "1003", message: "Invalid next page token")
        }
        let typeIDs = Set((request.queryValue("activityTypeIds") ?? "").split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        guard !typeIDs.isEmpty, typeIDs.count <= 10 else {
            return Self.failure(code: "1003", message: "activityTypeIds must name 1 to 10 activity types")
        }
        let leadIDs = Set((request.queryValue("leadIds") ?? "").split(separator: ",").compactMap { Int($0) })
        let batchSize = min(Self.batchLimit, max(1, request.queryValue("batchSize").flatMap(Int.init) ?? 300))
        let timeline = await timeline.timeline()
        var result: [JSONValue] = []
        var position = start
        var cache: (person: Int, activities: [SampleActivity])?
        while position < timeline.count, result.count < batchSize {
            let id = timeline[position].id
            position += 1
            let person = id / 1_000
            if !leadIDs.isEmpty, !leadIDs.contains(person + 1) { continue }
            if cache?.person != person { cache = (person, services.dataSet.activities(person)) }
            let activity = cache!.activities[id % 1_000]
            let type = MarketoActivityType.id(for: activity.kind)
            guard typeIDs.contains(type) else { continue }
            result.append(Self.activityJSON(activity, type: type))
        }
        var body: [String: JSONValue] = [
            "requestId": .string(Self.requestID()), "success": true,
            "nextPageToken": .string(Self.pageToken(position)), "moreResult": .bool(position < timeline.count),
        ]
        if !result.isEmpty { body["result"] = .array(result) }
        return .json(.object(body))
    }

    private static func activityJSON(_ activity: SampleActivity, type: Int) -> JSONValue {
        var attributes: [JSONValue] = []
        let primary: String
        switch activity.kind {
        case .pageView:
            primary = URL(string: activity.url ?? "")?.path ?? "/"
            attributes = [["name": "Webpage URL", "value": .string(activity.url ?? "")]]
        case .formFill, .demoRequest:
            primary = activity.kind == .demoRequest ? "Demo Request" : activity.asset ?? "Form"
            attributes = [["name": "Webpage ID", "value": .string(activity.url ?? "")]]
        case .emailOpen, .unsubscribe:
            primary = activity.asset ?? "Email"
        case .emailClick:
            primary = activity.asset ?? "Email"
            attributes = [["name": "Link", "value": .string(activity.url ?? "")]]
        case .webinarRegistered, .webinarAttended:
            primary = activity.asset ?? "Webinar"
            attributes = [["name": "New Status",
                           "value": .string(activity.kind == .webinarAttended ? "Attended" : "Registered")]]
        }
        return [
            "id": .int(activity.id + 1),
            "marketoGUID": .string(String(activity.id + 1)),
            "leadId": .int(activity.personIndex + 1),
            "activityDate": .string(SandboxTimestamp.marketo(activity.occurredAt)),
            "activityTypeId": .int(type),
            "campaignId": .int((activity.campaign?.count ?? 0) * 100 + 1),
            "primaryAttributeValueId": .int(abs(primary.utf8.reduce(0) { $0 &* 31 &+ Int($1) }) % 100_000),
            "primaryAttributeValue": .string(primary),
            "attributes": .array(attributes),
        ]
    }
}

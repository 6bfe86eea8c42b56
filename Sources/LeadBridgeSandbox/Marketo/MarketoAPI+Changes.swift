import Foundation

extension MarketoAPI {
    /// `GET /rest/v1/activities/pagingtoken.json?sinceDatetime=…`: a token standing just before that time.
    func pagingToken(_ request: SandboxRequest) -> SandboxResponse {
        guard let text = request.queryValue("sinceDatetime"), let since = SandboxTimestamp.parse(text) else {
            return Self.failure(code: "701", message: "sinceDatetime cannot be blank")
        }
        let position = MarketoPosition(time: MarketoActivityTimeline.millis(since), seq: -1)
        return .json(["requestId": .string(Self.requestID()), "success": true, "nextPageToken": .string(position.token)])
    }

    /// `GET /rest/v1/activities/leadchanges.json?nextPageToken=…&fields=a,b[&leadIds=…][&batchSize=≤300]`:
    /// Change Data Value activities (type 13) of the named fields, in date order. Each lead edited since the
    /// seed (through the API or `POST /__sandbox/edit`) has one, at its last change, listing the changed fields
    /// the request names; `fields` is required (at most 10 fields were documented; the sandbox takes any).
    func leadChanges(_ request: SandboxRequest) async -> SandboxResponse {
        guard let token = request.queryValue("nextPageToken") else {
            return Self.failure(code: "1003", message: "nextPageToken is required")
        }
        guard let start = MarketoPosition(token: token) else {
            return Self.failure(code: "1003", message: "Invalid next page token")
        }
        let fields = (request.queryValue("fields") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard !fields.isEmpty else { return Self.failure(code: "1003", message: "fields is required") }
        let wanted = Set(fields)
        let leadIDs = Set((request.queryValue("leadIds") ?? "").split(separator: ",").compactMap { Int($0) })
        let batchSize = min(Self.batchLimit, max(1, request.queryValue("batchSize").flatMap(Int.init) ?? 300))
        let source = changeSource(wanted: wanted, leadIDs: leadIDs, view: await leadView())
        let (result, next, more) = Self.page([source], after: start, batchSize: batchSize)
        var body: [String: JSONValue] = [
            "requestId": .string(Self.requestID()), "success": true,
            "nextPageToken": .string(next.token), "moreResult": .bool(more),
        ]
        if !result.isEmpty { body["result"] = .array(result) }
        return .json(.object(body))
    }

    /// The date-ordered Change Data Value activities of the lowercased field names `wanted` (nil: every field), for
    /// `leadIDs` (empty: every lead).
    func changeSource(wanted: Set<String>?, leadIDs: Set<Int>, view: MarketoLeadView) -> TimelineSource {
        let base = MarketoActivityTimeline.newLeadBase(services.dataSet) * 2
        let entries = view.overlays.filter { !$0.value.fields.isEmpty }
            .map { MarketoActivityTimeline.Entry(time: MarketoActivityTimeline.millis($0.value.modifiedAt),
                                                 seq: base + $0.key) }
            .sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }
        return TimelineSource(entries: entries) { entry in
            let index = entry.seq - base
            guard view.exists(index), leadIDs.isEmpty || leadIDs.contains(index + 1),
                  let overlay = view.overlays[index] else { return nil }
            let changed = overlay.fields.keys.sorted().filter { wanted?.contains($0.lowercased()) ?? true }
            guard !changed.isEmpty else { return nil }
            let date = JSONValue.string(SandboxTimestamp.marketo(overlay.modifiedAt))
            return [
                "id": .int(entry.seq + 1), "marketoGUID": .string(String(entry.seq + 1)), "leadId": .int(index + 1),
                "activityDate": date, "activityTypeId": .int(MarketoActivityType.changeDataValue),
                "fields": .array(changed.map { name in
                    ["id": .int((MarketoLeadView.fields.firstIndex { $0.name == name } ?? 0) + 1),
                     "name": .string(name), "newValue": overlay.fields[name] ?? .null, "oldValue": .null]
                }),
                "attributes": [["name": "Source", "value": "Web service API"]],
            ]
        }
    }

    /// `GET /rest/v1/activities/deletedleads.json?nextPageToken=…[&batchSize=≤300]`: Delete Lead activities
    /// (type 37) of leads deleted since the token, in date order.
    func deletedLeads(_ request: SandboxRequest) async -> SandboxResponse {
        guard let token = request.queryValue("nextPageToken") else {
            return Self.failure(code: "1003", message: "nextPageToken is required")
        }
        guard let start = MarketoPosition(token: token) else {
            return Self.failure(code: "1003", message: "Invalid next page token")
        }
        let batchSize = min(Self.batchLimit, max(1, request.queryValue("batchSize").flatMap(Int.init) ?? 300))
        let view = await leadView()
        let base = MarketoActivityTimeline.newLeadBase(services.dataSet) * 3
        let entries = view.overlays.compactMap { index, overlay in
            overlay.archivedAt.map { MarketoActivityTimeline.Entry(
                time: MarketoActivityTimeline.millis($0), seq: base + index) }
        }.sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }
        let source = TimelineSource(entries: entries) { entry in
            let index = entry.seq - base
            let date = Date(timeIntervalSince1970: Double(entry.time) / 1000)
            return [
                "id": .int(entry.seq + 1), "marketoGUID": .string(String(entry.seq + 1)), "leadId": .int(index + 1),
                "activityDate": .string(SandboxTimestamp.marketo(date)),
                "activityTypeId": .int(MarketoActivityType.deleteLead), "primaryAttributeValueId": .int(index + 1),
                "primaryAttributeValue": .string("Lead \(index + 1)"),
                "attributes": [["name": "Remove from CRM", "value": false]],
            ]
        }
        let (result, next, more) = Self.page([source], after: start, batchSize: batchSize)
        var body: [String: JSONValue] = [
            "requestId": .string(Self.requestID()), "success": true,
            "nextPageToken": .string(next.token), "moreResult": .bool(more),
        ]
        if !result.isEmpty { body["result"] = .array(result) }
        return .json(.object(body))
    }
}

import Foundation
import LeadBridgeSampleData

extension MarketoAPI {
    /// Timeline entries examined per source and call: like the real API, a call may answer an empty page that
    /// still says `moreResult: true` when the types asked for are rare.
    static let scanLimit = 20_000

    /// `GET /rest/v1/activities.json?nextPageToken=…&activityTypeIds=…[&leadIds=…][&batchSize=≤300]`:
    /// activities in date order after the token's position; `moreResult` and a new `nextPageToken` while more
    /// remain. Type 12 (New Lead) lists every lead at its creation.
    func activities(_ request: SandboxRequest) async -> SandboxResponse {
        guard let token = request.queryValue("nextPageToken") else {
            return Self.failure(code: "1003", message: "nextPageToken is required")
        }
        guard let start = MarketoPosition(token: token) else {
            return Self.failure(code: "1003", message: "Invalid next page token")
        }
        let typeIDs = Set((request.queryValue("activityTypeIds") ?? "").split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        guard !typeIDs.isEmpty, typeIDs.count <= 10 else {
            return Self.failure(code: "1003", message: "activityTypeIds must name 1 to 10 activity types")
        }
        let leadIDs = Set((request.queryValue("leadIds") ?? "").split(separator: ",").compactMap { Int($0) })
        let batchSize = min(Self.batchLimit, max(1, request.queryValue("batchSize").flatMap(Int.init) ?? 300))
        let sources = await activitySources(typeIDs: typeIDs, leadIDs: leadIDs, view: await leadView())
        let (result, next, more) = Self.page(sources, after: start, batchSize: batchSize)
        var body: [String: JSONValue] = [
            "requestId": .string(Self.requestID()), "success": true,
            "nextPageToken": .string(next.token), "moreResult": .bool(more),
        ]
        if !result.isEmpty { body["result"] = .array(result) }
        return .json(.object(body))
    }

    /// The date-ordered sources of the seed activities and New Lead activities of `typeIDs`, for `leadIDs` (empty:
    /// every lead); a deleted lead's activities are left out.
    func activitySources(typeIDs: Set<Int>, leadIDs: Set<Int>, view: MarketoLeadView) async -> [TimelineSource] {
        var sources: [TimelineSource] = []
        let seedTypes = Set(MarketoActivityType.all.filter { $0.seed }.map(\.id))
        if !typeIDs.isDisjoint(with: seedTypes) {
            var cache: (person: Int, activities: [SampleActivity])?
            let dataSet = services.dataSet
            sources.append(TimelineSource(entries: await timeline.timeline()) { entry in
                let person = entry.seq / 1_000
                if !leadIDs.isEmpty, !leadIDs.contains(person + 1) { return nil }
                if view.isDeleted(person) { return nil }
                if cache?.person != person { cache = (person, dataSet.activities(person)) }
                let activity = cache!.activities[entry.seq % 1_000]
                let type = MarketoActivityType.id(for: activity.kind)
                // (Not a `?:` with `nil`: JSONValue takes a nil literal, which would make it `.null`, not "none".)
                guard typeIDs.contains(type) else { return nil }
                return Self.activityJSON(activity, type: type)
            })
        }
        if typeIDs.contains(MarketoActivityType.newLead) {
            let base = MarketoActivityTimeline.newLeadBase(services.dataSet)
            let created = view.overlays.filter { $0.value.created }
                .map { MarketoActivityTimeline.Entry(time: MarketoActivityTimeline.millis($0.value.modifiedAt),
                                                     seq: base + $0.key) }
                .sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }
            for entries in [await timeline.newLeadTimeline(), created] {
                sources.append(TimelineSource(entries: entries) { entry in
                    let index = entry.seq - base
                    if !leadIDs.isEmpty, !leadIDs.contains(index + 1) { return nil }
                    guard view.exists(index) else { return nil }
                    return Self.newLeadJSON(view.record(index), entry: entry)
                })
            }
        }
        return sources
    }

    /// One date-ordered list of entries and what each becomes (nil: not asked for).
    struct TimelineSource {
        var entries: [MarketoActivityTimeline.Entry]
        var render: (MarketoActivityTimeline.Entry) -> JSONValue?
    }

    /// Merges the sources' matches after `start` in (time, seq) order: at most `batchSize` of them, each source
    /// examined for at most ``scanLimit`` entries. Returns the page, the position after it and whether entries
    /// remain.
    static func page(_ sources: [TimelineSource], after start: MarketoPosition, batchSize: Int)
        -> (result: [JSONValue], next: MarketoPosition, more: Bool)
    {
        var matches: [(entry: MarketoActivityTimeline.Entry, json: JSONValue)] = []
        var frontier: MarketoPosition?
        for source in sources {
            var index = MarketoActivityTimeline.index(after: start, in: source.entries)
            var found = 0
            var scanned = 0
            while index < source.entries.count, found < batchSize, scanned < scanLimit {
                let entry = source.entries[index]
                index += 1
                scanned += 1
                if let json = source.render(entry) {
                    matches.append((entry, json))
                    found += 1
                }
            }
            if index < source.entries.count {
                let last = source.entries[index - 1]
                let here = MarketoPosition(time: last.time, seq: last.seq)
                if frontier.map({ (here.time, here.seq) < ($0.time, $0.seq) }) ?? true { frontier = here }
            }
        }
        matches.sort { ($0.entry.time, $0.entry.seq) < ($1.entry.time, $1.entry.seq) }
        if let frontier {
            matches.removeAll { ($0.entry.time, $0.entry.seq) > (frontier.time, frontier.seq) }
        }
        var position: MarketoPosition
        if matches.count > batchSize {
            matches.removeLast(matches.count - batchSize)
            position = MarketoPosition(time: matches[batchSize - 1].entry.time, seq: matches[batchSize - 1].entry.seq)
        } else if let frontier {
            position = frontier
        } else {
            position = sources.compactMap { $0.entries.last }.max { ($0.time, $0.seq) < ($1.time, $1.seq) }
                .map { MarketoPosition(time: $0.time, seq: $0.seq) } ?? start
        }
        if (position.time, position.seq) < (start.time, start.seq) { position = start }
        let more = sources.contains { source in
            MarketoActivityTimeline.index(after: position, in: source.entries) < source.entries.count
        }
        return (matches.map(\.json), position, more)
    }

    private static func newLeadJSON(_ record: [String: JSONValue], entry: MarketoActivityTimeline.Entry)
        -> JSONValue
    {
        let name = [record["firstName"]?.stringValue, record["lastName"]?.stringValue].compactMap { $0 }
            .joined(separator: " ")
        let id = record["id"]?.intValue ?? 0
        return [
            "id": .int(entry.seq + 1), "marketoGUID": .string(String(entry.seq + 1)), "leadId": .int(id),
            "activityDate": .string(SandboxTimestamp.marketo(Date(timeIntervalSince1970: Double(entry.time) / 1000))),
            "activityTypeId": .int(MarketoActivityType.newLead), "primaryAttributeValueId": .int(id),
            "primaryAttributeValue": .string(name),
            "attributes": [["name": "Source Type", "value": "New lead"],
                           ["name": "Lead Source", "value": record["leadSource"] ?? .null]],
        ]
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

import Foundation

extension HubSpotAPI {
    /// The live web events, with the events created through the control API.
    func webEventView() async -> HubSpotWebEventView {
        HubSpotWebEventView(dataSet: services.dataSet, contacts: await contactView(),
                            overlays: await services.store.overlays(of: .hubSpotWebEvent))
    }

    /// The event types `GET /events/v3/events/event-types` lists: `{"eventTypes": [...]}`.
    /// https://developers.hubspot.com/docs/guides/api/analytics-and-events/event-analytics (Retrieve event types)
    func eventTypes() -> SandboxResponse {
        .json(["eventTypes": .array(HubSpotWebEventView.eventTypes.map { .string($0) })])
    }

    /// The largest `limit` the sandbox takes: the reference documents none (HubSpot's client says the default is
    /// 20).
    static let eventsLimit = 1_000
    static let eventsDefaultLimit = 20

    /// `GET /events/v3/events[/]`: event occurrences, filtered by `objectType` (alone: every record of that type),
    /// `objectId` or `objectProperty.email` (one record; both need `objectType`), `eventType`, `occurredAfter` and
    /// `occurredBefore` (ISO 8601, exclusive), `property.<name>` (equal value) and `id` (repeated); `sort`
    /// `ASCENDING` (the default) or `DESCENDING` on `occurredAt` (also the older `occurredAt`/`-occurredAt`);
    /// `limit` 1–1,000 (default 20); `after` the opaque cursor of `paging.next.after`. Answers
    /// `{results: [{objectType, objectId, eventType, occurredAt, id, properties}], paging: {next: {after, link}}}`;
    /// a bad parameter is a 400 `VALIDATION_ERROR`.
    /// https://developers.hubspot.com/docs/reference/api/analytics-and-events/event-analytics and HubSpot's client
    /// hubspot-api-nodejs `codegen/events` (`EventsApi.getPage`, `CollectionResponseExternalUnifiedEvent`).
    func listEvents(_ request: SandboxRequest) async -> SandboxResponse {
        func invalid(_ message: String) -> SandboxResponse {
            Self.error(status: 400, category: "VALIDATION_ERROR", message: message)
        }
        let limitText = request.queryValue("limit")
        let limit = limitText.flatMap(Int.init) ?? Self.eventsDefaultLimit
        guard limitText == nil || Int(limitText!) != nil, limit >= 1, limit <= Self.eventsLimit else {
            return invalid("limit must be a whole number from 1 to \(Self.eventsLimit); got \(limitText ?? "")")
        }
        let descending: Bool
        switch request.queryValue("sort") {
        case nil, "ASCENDING", "occurredAt": descending = false
        case "DESCENDING", "-occurredAt": descending = true
        case let other?: return invalid("sort must be ASCENDING or DESCENDING; got \(other)")
        }
        let objectType = request.queryValue("objectType")
        let objectID = request.queryValue("objectId")
        let objectEmail = request.queryValue("objectProperty.email")
        if (objectID != nil || objectEmail != nil) && objectType == nil {
            return invalid("objectType is required when objectId or objectProperty is given")
        }
        var contactsOnly = true
        if let objectType {
            switch objectType.lowercased() {
            case "contact", "contacts", "0-1": break
            case "company", "companies", "0-2", "deal", "deals", "0-3", "ticket", "tickets", "0-5":
                contactsOnly = false
            default: return invalid("Unable to infer object type from: \(objectType)")
            }
        }
        let eventType = request.queryValue("eventType")
        if let eventType, !HubSpotWebEventView.eventTypes.contains(eventType) {
            return invalid("Unknown event type: \(eventType); GET /events/v3/events/event-types lists them")
        }
        func time(_ name: String) -> (Int64?, SandboxResponse?) {
            guard let text = request.queryValue(name) else { return (nil, nil) }
            guard let date = SandboxTimestamp.parse(text) else {
                return (nil, invalid("\(name) must be an ISO 8601 date-time; got \(text)"))
            }
            return (HubSpotSearchFilter.millis(date.timeIntervalSince1970), nil)
        }
        let (occurredAfter, afterProblem) = time("occurredAfter")
        if let afterProblem { return afterProblem }
        let (occurredBefore, beforeProblem) = time("occurredBefore")
        if let beforeProblem { return beforeProblem }
        var resume: HubSpotWebEventIndex.Entry?
        if let token = request.queryValue("after") {
            guard let entry = Self.eventEntry(token: token) else {
                return invalid("after is not a paging cursor this endpoint returned: \(token)")
            }
            resume = entry
        }
        let propertyFilters = request.query.filter { $0.name.hasPrefix("property.") }
            .map { (String($0.name.dropFirst("property.".count)), $0.value) }
        let ids = request.queryValues("id").flatMap { $0.split(separator: ",").map(String.init) }

        let view = await webEventView()
        var lists: [[HubSpotWebEventIndex.Entry]] = []
        if !contactsOnly {
            lists = []
        } else if !ids.isEmpty {
            lists = [ids.compactMap(HubSpotWebEventView.index(of:)).compactMap(view.entry(of:)).sorted()]
        } else if let objectID {
            guard let index = HubSpotContactView.index(of: objectID) else {
                return invalid("objectId must be a record id; got \(objectID)")
            }
            lists = view.contacts.exists(index) ? [view.entries(ofContact: index, eventType: eventType)] : []
        } else if let objectEmail {
            let email = objectEmail.lowercased()
            let contact = (0..<view.contacts.count).first { index in
                view.contacts.exists(index) && (view.contacts.properties(index)["email"] ?? nil)?.lowercased() == email
            }
            lists = contact.map { [view.entries(ofContact: $0, eventType: eventType)] } ?? []
        } else {
            lists = [await services.webEvents.seed(eventType), view.createdEntries(eventType)]
        }
        func accepts(_ entry: HubSpotWebEventIndex.Entry) -> Bool {
            if let occurredAfter, entry.occurred <= occurredAfter { return false }
            if let occurredBefore, entry.occurred >= occurredBefore { return false }
            if let eventType, view.eventType(of: entry.index) != eventType { return false }
            guard view.isListed(entry) else { return false }
            if !propertyFilters.isEmpty {
                let properties = view.properties(of: entry.index)
                return propertyFilters.allSatisfy { properties[$0.0] == $0.1 }
            }
            return true
        }
        var page: [HubSpotWebEventIndex.Entry] = []
        let start = resume ?? (descending
            ? occurredBefore.map { HubSpotWebEventIndex.Entry(occurred: $0, index: .min) }
            : occurredAfter.map { HubSpotWebEventIndex.Entry(occurred: $0, index: .max) })
        var walk = MergedWalk(lists: lists, descending: descending, after: start)
        while page.count <= limit, let entry = walk.next() {
            if !descending, let occurredBefore, entry.occurred >= occurredBefore { break }
            if descending, let occurredAfter, entry.occurred <= occurredAfter { break }
            if accepts(entry) { page.append(entry) }
        }
        var body: [String: JSONValue] = ["results": .array(page.prefix(limit).map(view.object))]
        if page.count > limit, let last = page.prefix(limit).last {
            let token = Self.eventToken(last)
            var query = request.query.filter { $0.name != "after" }
            query.append(("after", token))
            let link = "/events/v3/events?" + query.map {
                "\(Self.percentEncoded($0.name))=\(Self.percentEncoded($0.value))"
            }.joined(separator: "&")
            body["paging"] = ["next": ["after": .string(token), "link": .string(link)]]
        }
        return .json(.object(body))
    }

    /// The paging cursor after an event: its (occurredAt, index), base64url, so that events created meanwhile do
    /// not shift later pages.
    static func eventToken(_ entry: HubSpotWebEventIndex.Entry) -> String {
        Data("\(entry.occurred):\(entry.index)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func eventEntry(token: String) -> HubSpotWebEventIndex.Entry? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            return nil
        }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let occurred = Int64(parts[0]), let index = Int64(parts[1]) else { return nil }
        return HubSpotWebEventIndex.Entry(occurred: occurred, index: index)
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Sorted lists of events walked as one, from just past a key (ascending) or just before it (descending).
struct MergedWalk {
    let lists: [[HubSpotWebEventIndex.Entry]]
    let descending: Bool
    var positions: [Int]

    init(lists: [[HubSpotWebEventIndex.Entry]], descending: Bool, after key: HubSpotWebEventIndex.Entry?) {
        self.lists = lists
        self.descending = descending
        positions = lists.map { list in
            guard let key else { return descending ? list.count - 1 : 0 }
            // The first position past the key (ascending), or the last before it (descending).
            var low = 0
            var high = list.count
            while low < high {
                let middle = (low + high) / 2
                if descending ? list[middle] < key : list[middle] <= key { low = middle + 1 } else { high = middle }
            }
            return descending ? low - 1 : low
        }
    }

    mutating func next() -> HubSpotWebEventIndex.Entry? {
        var best: Int?
        for (list, position) in positions.enumerated() where position >= 0 && position < lists[list].count {
            let candidate = lists[list][position]
            if let current = best {
                let other = lists[current][positions[current]]
                if descending ? other < candidate : candidate < other { best = list }
            } else {
                best = list
            }
        }
        guard let best else { return nil }
        let entry = lists[best][positions[best]]
        positions[best] += descending ? -1 : 1
        return entry
    }
}

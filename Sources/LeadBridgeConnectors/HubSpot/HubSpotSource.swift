import Foundation
import LeadBridge

/// HubSpot as a ``RecordSource``: contacts, archived contacts as tombstones, the engagement objects (emails,
/// meetings, notes) and the web analytics events (page views, form submissions) as activities.
///
/// - `contacts`: CRM v3 search on `lastmodifieddate`, ascending, 200 a page, past the 10,000-result cap by
///   restarting from the last (lastmodifieddate, id) read (``HubSpotSearch``).
/// - `contacts.archived`: `GET /crm/v3/objects/contacts?archived=true`, 100 a page. HubSpot can neither filter nor
///   sort that listing on `archivedAt`, and search never finds archived records, so the recycle bin (what was
///   deleted in the last 90 days) is listed whole on every run, asking for no property but the id; only the ids
///   archived since the stream's cursor (minus the lookback) become tombstones, and the cursor (the latest
///   `archivedAt`) is stored with the last page only, so an interrupted listing is read again from the start.
/// - `emails`, `meetings`, `notes` (object `engagements` for the mapping's `activities:`): the same search on
///   `hs_lastmodifieddate`; search results carry no associations, so each page's contact associations come from
///   one v4 batch read. An engagement is linked to its lowest-id associated contact (an engagement on several
///   contacts becomes one activity); one with none is rejected by the mapping. Re-associating an engagement does
///   not change its `hs_lastmodifieddate`, so an incremental pull does not see it (`--full` does).
/// - `e_visited_page`, `e_submitted_form` (object `events` for the mapping's `activities:`): the events API,
///   `GET /events/v3/events` for every contact at once, one event type a stream, by `occurredAt` ascending from the
///   cursor, 100 a page (``eventPage(_:eventType:since:)``). A stream whose type the mapping skips makes no call.
///
/// Records come out as `id`, `properties.<name>`, `createdAt`, `updatedAt` and `archived`, like HubSpot's JSON
/// exports; engagements add `objectType` and `associations.contact`; events are `id`, `objectType`, `objectId`,
/// `eventType`, `occurredAt` and `properties.<name>`, as the events API names them.
///
/// ```swift
/// let source = HubSpotSource(client: client, baseURL: URL(string: "https://api.hubapi.com")!)
/// let report = try await Puller(store: store, now: now).run(source: source, connection: "hubspot", mapping: mapping)
/// ```
public struct HubSpotSource: RecordSource {
    public let client: HTTPClient
    public let baseURL: URL
    public var pageSize: Int
    /// The most results one search query can page through.
    public var searchCap: Int
    /// The engagement objects pulled as activity streams, in order.
    public var engagementObjects: [String]
    /// The web analytics event types pulled as activity streams, in order.
    public var webEvents: [String]
    /// Events per page of the events API. The reference documents no maximum (HubSpot's client says the default
    /// is 20); 100 is the largest page of HubSpot's other v3 listings.
    public var eventPageSize: Int
    /// What a connection pulls unless its `engagements:` setting says otherwise: emails and meetings. Notes are free
    /// text the shipped mapping skips, and pulling them would double the calls of a nightly run.
    public static let defaultEngagementObjects = HubSpotSettings.defaultEngagements
    /// The engagement objects an `engagements:` setting may name (HubSpot CRM v3 object types).
    public static let knownEngagementObjects = HubSpotSettings.knownEngagements

    public static let searchEndpoint = "POST /crm/v3/objects/contacts/search"
    public static let propertiesEndpoint = "GET /crm/v3/properties/contacts"
    /// The listing of archived contacts.
    public static let archivedEndpoint = "GET /crm/v3/objects/contacts?archived=true"
    /// The stream of archived contacts (tombstones).
    public static let archivedStream = "contacts.archived"
    /// The object of the engagement streams: what the mapping's `activities.object` names.
    public static let engagementsObject = "engagements"
    /// The object of the web-event streams: what the mapping's `activities.object` names.
    public static let webEventsObject = "events"
    /// What a connection pulls unless its `web_events:` setting says otherwise: page views and form submissions.
    public static let defaultWebEvents = HubSpotSettings.defaultWebEvents
    /// The events API's listing of event occurrences.
    public static let eventsEndpoint = "GET /events/v3/events"

    /// `POST /crm/v3/objects/{objectType}/search`.
    public static func searchEndpoint(_ objectType: String) -> String { "POST /crm/v3/objects/\(objectType)/search" }

    /// `POST /crm/v4/associations/{objectType}/contacts/batch/read`.
    public static func associationsEndpoint(_ objectType: String) -> String {
        "POST /crm/v4/associations/\(objectType)/contacts/batch/read"
    }

    public init(client: HTTPClient, baseURL: URL, pageSize: Int = 200, searchCap: Int = 10_000,
                engagementObjects: [String] = HubSpotSource.defaultEngagementObjects,
                webEvents: [String] = HubSpotSource.defaultWebEvents, eventPageSize: Int = 100) {
        self.client = client
        self.baseURL = baseURL
        self.pageSize = min(max(pageSize, 1), 200)
        self.searchCap = searchCap
        self.engagementObjects = engagementObjects
        self.webEvents = webEvents
        self.eventPageSize = max(eventPageSize, 1)
    }

    /// HubSpot's error body, expired tokens and its daily limit.
    public static let dialect = APIDialect(
        errorDetail: { response in
            guard let body = try? JSONDecoder().decode(HubSpotWire.ErrorBody.self, from: response.body) else {
                return (nil, nil)
            }
            return (body.category ?? body.errorType, body.message)
        },
        isSessionExpired: { $0.status == 401 },
        isQuotaExhausted: { response in
            guard response.status == 429,
                let body = try? JSONDecoder().decode(HubSpotWire.ErrorBody.self, from: response.body)
            else { return false }
            return body.policyName == "DAILY"
        },
        rateWindow: { response in
            // https://developers.hubspot.com/docs/api/usage-details: the rolling window of private apps.
            guard let max = response[header: "X-HubSpot-RateLimit-Max"].flatMap(Int.init),
                  let interval = response[header: "X-HubSpot-RateLimit-Interval-Milliseconds"].flatMap(Int64.init),
                  let remaining = response[header: "X-HubSpot-RateLimit-Remaining"].flatMap(Int.init)
            else { return nil }
            return RateWindow(max: max, interval: .milliseconds(interval), remaining: remaining)
        },
        documentedLimits: [searchLimit])

    /// The CRM search endpoints' own limit, 5 requests per second per account, which no response header announces:
    /// https://developers.hubspot.com/docs/api/crm/search (Limitations). Beyond it HubSpot answers 429 with the
    /// `SECONDLY` policy. It starts spent: a run waits a second before its first search, for the searches of a run
    /// just before it.
    public static let searchLimit = DocumentedRateLimit(name: "CRM search", max: 5, per: .seconds(1),
                                                        startsSpent: true) { endpoint in
        endpoint.hasPrefix("POST /crm/v3/objects/") && endpoint.hasSuffix("/search")
    }

    public var streams: [PullStream] {
        [
            PullStream(name: "contacts", object: "contacts", kind: .contacts),
            PullStream(name: Self.archivedStream, object: "contacts", kind: .contacts),
        ] + engagementObjects.map { PullStream(name: $0, object: Self.engagementsObject, kind: .activities) }
            + webEvents.map { PullStream(name: $0, object: Self.webEventsObject, kind: .activities) }
    }

    public func callCounts() async -> [String: Int] { await client.ledger.counts() }

    /// How one stream is read.
    enum Plan: Sendable {
        case contacts(HubSpotSearch)
        case archived
        case engagements(HubSpotSearch)
        /// A web-event stream: its event type.
        case events(String)
    }

    func plan(for stream: PullStream) -> Plan {
        if stream.object == Self.webEventsObject { return .events(stream.name) }
        switch stream.name {
        case Self.archivedStream:
            return .archived
        case "contacts":
            return .contacts(HubSpotSearch(objectType: "contacts", modifiedProperty: "lastmodifieddate",
                                           pageSize: pageSize, searchCap: searchCap))
        default:
            return .engagements(HubSpotSearch(objectType: stream.name, modifiedProperty: "hs_lastmodifieddate",
                                              pageSize: pageSize, searchCap: searchCap))
        }
    }

    public func pages(_ request: PullRequest) -> PageSequence<HubSpotPageToken> {
        let source = self
        let properties = request.fields.compactMap { field -> String? in
            field.hasPrefix("properties.") ? String(field.dropFirst("properties.".count)) : nil
        }
        let plan = plan(for: request.stream)
        let first: HubSpotPageToken
        let endpoint: String
        switch plan {
        case .archived:
            (first, endpoint) = (.archived(HubSpotArchiveToken()), Self.archivedEndpoint)
        case .contacts(let search), .engagements(let search):
            (first, endpoint) = (.search(HubSpotSearchToken(since: request.modifiedSince, after: 0)), search.endpoint)
        case .events(let eventType):
            (first, endpoint) = (.events(HubSpotEventsToken()), Self.eventsEndpoint)
            // The mapping skips this event type: no call.
            if let kept = request.activityTypes, !kept.contains(eventType) {
                return PageSequence(first: first, endpoint: endpoint) { _ in
                    (RecordPage(records: [], cursor: nil), nil)
                }
            }
        }
        return PageSequence(first: first, endpoint: endpoint) { token in
            do {
                return try await source.page(token, plan: plan, properties: properties, since: request.modifiedSince)
            } catch let error as APIError where error.code == .budgetExhausted || error.code == .quotaExhausted {
                throw PullInterruption(error.code == .budgetExhausted ? .budgetExhausted : .remoteLimit,
                    "hubspot: \(error.message)")
            }
        }
    }

    func page(_ token: HubSpotPageToken, plan: Plan, properties: [String], since: Int64?) async throws(APIError)
        -> (RecordPage, HubSpotPageToken?)
    {
        switch (plan, token) {
        case (.archived, .archived(let position)):
            try await archivedPage(position, since: since)
        case (.contacts(let search), .search(let position)):
            try await contactPage(position, search: search, properties: properties)
        case (.engagements(let search), .search(let position)):
            try await engagementPage(position, search: search, properties: properties)
        case (.events(let eventType), .events(let position)):
            try await eventPage(position, eventType: eventType, since: since)
        case (.archived, .search), (.archived, .events), (.contacts, .archived), (.contacts, .events),
             (.engagements, .archived), (.engagements, .events), (.events, .search), (.events, .archived):
            (RecordPage(records: [], cursor: nil), nil)  // tokens come from their own stream's plan: never here
        }
    }

    func contactPage(_ token: HubSpotSearchToken, search: HubSpotSearch, properties: [String])
        async throws(APIError) -> (RecordPage, HubSpotPageToken?)
    {
        let page = try await search.fetch(token, properties: properties, client: client, baseURL: baseURL)
        let records = page.objects.enumerated().map { offset, object in
            RawRecord(fields: Self.fields(of: object), location: RecordLocation(
                source: "hubspot \(search.endpoint)", index: token.after + offset + 1))
        }
        return (RecordPage(records: records, cursor: page.cursor), page.next.map { .search($0) })
    }

    /// `id`, `properties.<name>`, `createdAt`, `updatedAt`, `archived`.
    static func fields(of object: HubSpotWire.Object) -> [String: String] {
        var fields: [String: String] = ["id": object.id]
        for (name, value) in object.properties {
            if let value { fields["properties." + name] = value }
        }
        if let createdAt = object.createdAt { fields["createdAt"] = createdAt }
        if let updatedAt = object.updatedAt { fields["updatedAt"] = updatedAt }
        if let archived = object.archived { fields["archived"] = archived ? "true" : "false" }
        return fields
    }

    /// Every contact property, for `discover` and `check`.
    public func properties() async throws(APIError) -> [RemoteField] {
        let url = baseURL.appendingPathComponent("crm/v3/properties/contacts")
        let response = try await client.json(HubSpotWire.PropertiesResponse.self, endpoint: Self.propertiesEndpoint) {
            auth in HTTPRequest(.get, url, headers: Self.headers(auth, json: false))
        }
        return response.results.map { property in
            RemoteField(
                name: "properties." + property.name, label: property.label ?? property.name,
                type: property.fieldType ?? property.type ?? "string",
                readOnly: property.modificationMetadata?.readOnlyValue ?? false,
                options: property.options?.map(\.value) ?? [])
        }
    }

    static func headers(_ token: AccessToken?, json: Bool) -> [String: String] {
        var headers = ["Accept": "application/json"]
        if json { headers["Content-Type"] = "application/json" }
        if let token { headers["Authorization"] = "Bearer " + token.value.reveal() }
        return headers
    }
}

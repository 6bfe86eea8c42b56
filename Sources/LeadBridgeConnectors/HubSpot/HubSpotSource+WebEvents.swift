import Foundation
import LeadBridge

extension HubSpotSource {
    /// One page of a web-event stream: `GET /events/v3/events?objectType=contact&eventType=…&occurredAfter=…
    /// &sort=ASCENDING&limit=100[&after=…]`, every contact's events of one type, oldest first.
    ///
    /// The reference describes `objectType` as a filter and `objectId` as what narrows it to one record
    /// (https://developers.hubspot.com/docs/reference/api/analytics-and-events/event-analytics; HubSpot's client
    /// since 2025, hubspot-api-nodejs `codegen/events/apis/EventsApi.ts`), so the portal's events are read without
    /// naming contacts. `occurredAfter` is the cursor less the lookback, less one millisecond (the reference does
    /// not say whether "after" includes the instant). Pages follow `paging.next.after`; ids already read at the
    /// latest `occurredAt` are skipped if a page returns them again, and the page's cursor is its greatest
    /// (occurredAt, id): pages come in ascending `occurredAt`, so each page's cursor is a safe place to resume.
    ///
    /// Records: `id`, `objectType`, `objectId`, `eventType`, `occurredAt` and `properties.<name>`.
    func eventPage(_ token: HubSpotEventsToken, eventType: String, since: Int64?) async throws(APIError)
        -> (RecordPage, HubSpotPageToken?)
    {
        var components = URLComponents(
            url: baseURL.appendingPathComponent("events/v3/events"), resolvingAgainstBaseURL: false)
        var items = [
            URLQueryItem(name: "objectType", value: "contact"), URLQueryItem(name: "eventType", value: eventType),
            URLQueryItem(name: "sort", value: "ASCENDING"), URLQueryItem(name: "limit", value: String(eventPageSize)),
        ]
        if let since { items.append(URLQueryItem(name: "occurredAfter", value: WireTime.isoMilliseconds(since - 1))) }
        if let after = token.after { items.append(URLQueryItem(name: "after", value: after)) }
        components?.queryItems = items
        guard let url = components?.url else {
            throw APIError(.badRequest, endpoint: Self.eventsEndpoint, message: "cannot build the events URL")
        }
        let response: HubSpotWire.EventsResponse
        do {
            response = try await client.json(HubSpotWire.EventsResponse.self, endpoint: Self.eventsEndpoint) {
                auth in HTTPRequest(.get, url, headers: Self.headers(auth, json: false))
            }
        } catch where error.code == .permission || error.code == .badRequest {
            // The events API needs an Enterprise subscription (Marketing, Sales, Service, Content or Data Hub).
            var error = error
            error.message += "; the events API needs an Enterprise subscription and a token that may read it: "
                + "without them, set `web_events: none` on the connection (page views and form submissions are then "
                + "not pulled)"
            throw error
        }
        var read = token
        var cursor: StreamCursor?
        var records: [RawRecord] = []
        records.reserveCapacity(response.results.count)
        for event in response.results {
            if let occurred = event.occurredAt.flatMap(WireTime.milliseconds) {
                if occurred == token.boundary, token.boundaryIDs.contains(event.id) { continue }
                if occurred != read.boundary {
                    read.boundary = occurred
                    read.boundaryIDs = []
                }
                read.boundaryIDs.insert(event.id)
                let here = StreamCursor(time: occurred, id: event.id)
                if cursor.map({ $0 < here }) ?? true { cursor = here }
            }
            records.append(RawRecord(fields: Self.fields(of: event), location: RecordLocation(
                source: "hubspot \(Self.eventsEndpoint) \(eventType)", index: token.delivered + records.count + 1)))
        }
        read.delivered += records.count
        guard let after = response.paging?.next?.after, !after.isEmpty else {
            return (RecordPage(records: records, cursor: cursor), nil)
        }
        read.after = after
        return (RecordPage(records: records, cursor: cursor), .events(read))
    }

    /// `id`, `objectType`, `objectId`, `eventType`, `occurredAt`, `properties.<name>`.
    static func fields(of event: HubSpotWire.Event) -> [String: String] {
        var fields: [String: String] = ["id": event.id]
        if let objectType = event.objectType { fields["objectType"] = objectType }
        if let objectId = event.objectId { fields["objectId"] = objectId }
        if let eventType = event.eventType { fields["eventType"] = eventType }
        if let occurredAt = event.occurredAt { fields["occurredAt"] = occurredAt }
        for (name, value) in event.properties { fields["properties." + name] = value }
        return fields
    }
}

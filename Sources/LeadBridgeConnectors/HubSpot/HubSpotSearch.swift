import Foundation
import LeadBridge

/// One CRM v3 search stream, shared by contacts and engagements: an object's records modified at or after a time,
/// ascending on its modification property, `pageSize` a page.
///
/// HubSpot's search returns at most 10,000 results per query (paging past it answers 400), so when `after` would
/// pass `searchCap` the query restarts from the last modification time read, and the records already read at
/// exactly that time are skipped: a pull of any size gets every record.
/// https://developers.hubspot.com/docs/api/crm/search (filter, sort, paging and limits)
struct HubSpotSearch: Sendable {
    /// `contacts`, `emails`, `meetings`, `notes`.
    var objectType: String
    /// `lastmodifieddate` for contacts, `hs_lastmodifieddate` for engagements.
    var modifiedProperty: String
    var pageSize: Int
    var searchCap: Int

    var endpoint: String { HubSpotSource.searchEndpoint(objectType) }

    /// One page: the records not read before, the greatest (modified, id) among them, and where to go next.
    struct Page: Sendable {
        var objects: [HubSpotWire.Object]
        var cursor: StreamCursor?
        var next: HubSpotSearchToken?
    }

    /// Fetches the page at `token`, asking for `properties` (the modification property is added).
    func fetch(_ token: HubSpotSearchToken, properties: [String], client: HTTPClient, baseURL: URL)
        async throws(APIError) -> Page
    {
        var filters: [HubSpotWire.SearchRequest.FilterGroup] = []
        if let since = token.since {
            filters = [.init(filters: [.init(propertyName: modifiedProperty, operator: "GTE", value: String(since))])]
        }
        let wanted = properties.contains(modifiedProperty) ? properties : properties + [modifiedProperty]
        let body = HubSpotWire.SearchRequest(
            filterGroups: filters, sorts: [.init(propertyName: modifiedProperty, direction: "ASCENDING")],
            properties: wanted, limit: pageSize, after: token.after > 0 ? String(token.after) : nil)
        let data: Data
        do { data = try JSONEncoder().encode(body) } catch {
            throw APIError(.badRequest, endpoint: endpoint, message: "cannot encode the search: \(error)")
        }
        let url = baseURL.appendingPathComponent("crm/v3/objects/\(objectType)/search")
        let response = try await client.json(HubSpotWire.SearchResponse.self, endpoint: endpoint) { auth in
            // A search only reads: resending it is harmless.
            HTTPRequest(.post, url, headers: HubSpotSource.headers(auth, json: true), body: data,
                        idempotent: true)
        }
        var kept: [HubSpotWire.Object] = []
        kept.reserveCapacity(response.results.count)
        var read = token
        var cursor: StreamCursor?
        for object in response.results {
            if let modified = modifiedTime(of: object) {
                // A restarted query re-reads the boundary time: skip what was already read there.
                if modified == token.boundary, token.boundaryIDs.contains(object.id) { continue }
                if modified != read.boundary {
                    read.boundary = modified
                    read.boundaryIDs = []
                }
                read.boundaryIDs.insert(object.id)
                let here = StreamCursor(time: modified, id: object.id)
                if cursor.map({ $0 < here }) ?? true { cursor = here }
            }
            kept.append(object)
        }
        return Page(objects: kept, cursor: cursor, next: Self.following(
            read, nextAfter: response.paging?.next?.after, pageSize: pageSize, searchCap: searchCap))
    }

    /// The record's modification time in UTC milliseconds: the modification property, else `updatedAt`.
    func modifiedTime(of object: HubSpotWire.Object) -> Int64? {
        object.properties[modifiedProperty].flatMap { $0 }.flatMap(WireTime.milliseconds)
            ?? object.updatedAt.flatMap(WireTime.milliseconds)
    }

    /// Where the search goes after a page (`read` is the page's token with the boundary it reached): the next
    /// offset; past the cap, a restart from the boundary time; nil at the end.
    static func following(_ read: HubSpotSearchToken, nextAfter: String?, pageSize: Int, searchCap: Int)
        -> HubSpotSearchToken?
    {
        guard let nextAfter, let offset = Int(nextAfter) else { return nil }
        var next = read
        if offset + pageSize > searchCap {
            guard let boundary = read.boundary else { return nil }
            next.since = boundary
            next.after = 0
            return next
        }
        next.after = offset
        return next
    }
}

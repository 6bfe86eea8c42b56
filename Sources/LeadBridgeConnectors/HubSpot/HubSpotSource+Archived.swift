import Foundation
import LeadBridge

extension HubSpotSource {
    /// One page of the recycle bin, `GET /crm/v3/objects/contacts?archived=true&limit=100&after=…`: the ids
    /// archived at or after `since` as tombstones (all of them on a full pull). The listing cannot be filtered on
    /// `archivedAt`, so it is read to its end; the latest (archivedAt, id) becomes the cursor on the last page only.
    /// https://developers.hubspot.com/docs/api/crm/contacts (archived, after; archived records carry `archivedAt`)
    func archivedPage(_ token: HubSpotArchiveToken, since: Int64?) async throws(APIError)
        -> (RecordPage, HubSpotPageToken?)
    {
        var components = URLComponents(
            url: baseURL.appendingPathComponent("crm/v3/objects/contacts"), resolvingAgainstBaseURL: false)
        components?.queryItems = [
            URLQueryItem(name: "archived", value: "true"), URLQueryItem(name: "limit", value: "100"),
            // Only the id is needed: ask for the smallest property there is.
            URLQueryItem(name: "properties", value: "hs_object_id"),
        ] + (token.after.map { [URLQueryItem(name: "after", value: $0)] } ?? [])
        guard let url = components?.url else {
            throw APIError(.badRequest, endpoint: Self.archivedEndpoint, message: "cannot build the listing URL")
        }
        let response = try await client.json(HubSpotWire.ListResponse.self, endpoint: Self.archivedEndpoint) { auth in
            HTTPRequest(.get, url, headers: Self.headers(auth, json: false))
        }
        var next = token
        var deleted: [String] = []
        for object in response.results {
            let archivedAt = object.archivedAt.flatMap(WireTime.milliseconds)
            if let archivedAt {
                let here = StreamCursor(time: archivedAt, id: object.id)
                if next.latest.map({ $0 < here }) ?? true { next.latest = here }
                if let since, archivedAt < since { continue }
            }
            deleted.append(object.id)
        }
        if let after = response.paging?.next?.after {
            next.after = after
            return (RecordPage(records: [], cursor: nil, deletedIDs: deleted), .archived(next))
        }
        return (RecordPage(records: [], cursor: next.latest, deletedIDs: deleted), nil)
    }
}

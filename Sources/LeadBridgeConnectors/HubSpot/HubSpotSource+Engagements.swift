import Foundation
import LeadBridge

extension HubSpotSource {
    /// One page of an engagement object (emails, meetings, notes): the search page, then one v4 batch read of its
    /// contact associations (search results carry none). An empty page makes no association call.
    ///
    /// Every object is asked for every property the mapping reads (`hs_email_*` of meetings too): HubSpot leaves
    /// out requested properties an object does not have, as the sandbox does.
    func engagementPage(_ token: HubSpotSearchToken, search: HubSpotSearch, properties: [String])
        async throws(APIError) -> (RecordPage, HubSpotPageToken?)
    {
        let page = try await search.fetch(token, properties: properties, client: client, baseURL: baseURL)
        let contacts = try await associatedContacts(of: page.objects.map(\.id), objectType: search.objectType)
        let records = page.objects.enumerated().map { offset, object in
            var fields = Self.fields(of: object)
            fields["objectType"] = search.objectType
            if let contact = contacts[object.id] { fields["associations.contact"] = contact }
            return RawRecord(fields: fields, location: RecordLocation(
                source: "hubspot \(search.endpoint)", index: token.after + offset + 1))
        }
        return (RecordPage(records: records, cursor: page.cursor), page.next.map { .search($0) })
    }

    /// The contact each engagement is linked to: the lowest id among its associated contacts (in the first page of
    /// its associations, which lists them by id). Engagements with none are left out.
    ///
    /// `POST /crm/v4/associations/{objectType}/contacts/batch/read` with up to 1,000 ids a call; ids without an
    /// association come back as `NO_ASSOCIATIONS_FOUND` errors in a 207.
    func associatedContacts(of ids: [String], objectType: String) async throws(APIError) -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let endpoint = Self.associationsEndpoint(objectType)
        let url = baseURL.appendingPathComponent("crm/v4/associations/\(objectType)/contacts/batch/read")
        var contacts: [String: String] = [:]
        var start = ids.startIndex
        while start < ids.endIndex {
            let end = min(start + Self.associationBatchLimit, ids.endIndex)
            let body = HubSpotWire.AssociationReadRequest(inputs: ids[start..<end].map { .init(id: $0) })
            start = end
            let data: Data
            do { data = try JSONEncoder().encode(body) } catch {
                throw APIError(.badRequest, endpoint: endpoint, message: "cannot encode the association read: \(error)")
            }
            let response = try await client.json(HubSpotWire.AssociationReadResponse.self, endpoint: endpoint) {
                auth in HTTPRequest(.post, url, headers: Self.headers(auth, json: true), body: data,
                                    idempotent: true)
            }
            for result in response.results {
                let lowest = result.to.map(\.toObjectId).min { lhs, rhs in
                    (Int64(lhs) ?? .max, lhs) < (Int64(rhs) ?? .max, rhs)
                }
                if let lowest { contacts[result.from.id] = lowest }
            }
        }
        return contacts
    }

    /// Ids per v4 association batch read (since February 2025:
    /// https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api).
    static let associationBatchLimit = 1_000
}

import Foundation
import LeadBridge

/// HubSpot contacts as a ``RecordSource``: CRM v3 search on `lastmodifieddate`, ascending, 200 a page.
///
/// HubSpot's search returns at most 10,000 results per query; when `after` reaches that cap the search restarts
/// from the last (lastmodifieddate, id) read, skipping the records at the boundary time already read, so a pull of
/// any size gets every record. Records come out as `id` and `properties.<name>` fields, like HubSpot's JSON exports.
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

    public static let searchEndpoint = "POST /crm/v3/objects/contacts/search"
    public static let propertiesEndpoint = "GET /crm/v3/properties/contacts"
    static let modifiedProperty = "lastmodifieddate"

    public init(client: HTTPClient, baseURL: URL, pageSize: Int = 200, searchCap: Int = 10_000) {
        self.client = client
        self.baseURL = baseURL
        self.pageSize = min(max(pageSize, 1), 200)
        self.searchCap = searchCap
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
        })

    public var streams: [PullStream] { [PullStream(name: "contacts", object: "contacts", kind: .contacts)] }

    public func callCounts() async -> [String: Int] { await client.ledger.counts() }

    public func pages(_ request: PullRequest) -> PageSequence<HubSpotSearchToken> {
        var wanted = request.fields.compactMap { field -> String? in
            field.hasPrefix("properties.") ? String(field.dropFirst("properties.".count)) : nil
        }
        if !wanted.contains(Self.modifiedProperty) { wanted.append(Self.modifiedProperty) }
        let properties = wanted
        let first = HubSpotSearchToken(since: request.modifiedSince, after: 0)
        let source = self
        return PageSequence(first: first, endpoint: Self.searchEndpoint) { token in
            do {
                return try await source.fetch(token, properties: properties)
            } catch let error as APIError where error.code == .budgetExhausted || error.code == .quotaExhausted {
                throw PullInterruption(error.code == .budgetExhausted ? .budgetExhausted : .remoteLimit,
                    "hubspot: \(error.message)")
            }
        }
    }

    func fetch(_ token: HubSpotSearchToken, properties: [String]) async throws -> (RecordPage, HubSpotSearchToken?) {
        var filters: [HubSpotWire.SearchRequest.FilterGroup] = []
        if let since = token.since {
            let filter = HubSpotWire.SearchRequest.Filter(
                propertyName: Self.modifiedProperty, operator: "GTE", value: String(since))
            filters = [.init(filters: [filter])]
        }
        let body = HubSpotWire.SearchRequest(
            filterGroups: filters, sorts: [.init(propertyName: Self.modifiedProperty, direction: "ASCENDING")],
            properties: properties, limit: pageSize, after: token.after > 0 ? String(token.after) : nil)
        let data: Data
        do { data = try JSONEncoder().encode(body) } catch {
            throw APIError(.badRequest, endpoint: Self.searchEndpoint, message: "cannot encode the search: \(error)")
        }
        let url = baseURL.appendingPathComponent("crm/v3/objects/contacts/search")
        let response = try await client.json(HubSpotWire.SearchResponse.self, endpoint: Self.searchEndpoint) { auth in
            HTTPRequest(.post, url, headers: Self.headers(auth, json: true), body: data)
        }
        var records: [RawRecord] = []
        records.reserveCapacity(response.results.count)
        var next = token
        var cursor: StreamCursor?
        for (offset, object) in response.results.enumerated() {
            let modified = object.properties[Self.modifiedProperty].flatMap { $0 }.flatMap(WireTime.milliseconds)
                ?? object.updatedAt.flatMap(WireTime.milliseconds)
            if let modified {
                // A restarted query re-reads the boundary time: skip what was already read there.
                if modified == token.boundary, token.boundaryIDs.contains(object.id) { continue }
                if modified != next.boundary {
                    next.boundary = modified
                    next.boundaryIDs = []
                }
                next.boundaryIDs.insert(object.id)
                let here = StreamCursor(time: modified, id: object.id)
                if cursor.map({ $0 < here }) ?? true { cursor = here }
            }
            var fields: [String: String] = ["id": object.id]
            for (name, value) in object.properties {
                if let value { fields["properties." + name] = value }
            }
            if let createdAt = object.createdAt { fields["createdAt"] = createdAt }
            if let updatedAt = object.updatedAt { fields["updatedAt"] = updatedAt }
            if let archived = object.archived { fields["archived"] = archived ? "true" : "false" }
            records.append(RawRecord(fields: fields, location: RecordLocation(
                source: "hubspot \(Self.searchEndpoint)", index: token.after + offset + 1)))
        }
        let page = RecordPage(records: records, cursor: cursor)
        guard let after = response.paging?.next?.after, let offset = Int(after) else { return (page, nil) }
        if offset + pageSize > searchCap {
            // The 10,000-result cap: one query pages through no more. Restart from the last modification time
            // read; the records already read at exactly that time are skipped.
            guard let boundary = next.boundary else { return (page, nil) }
            next.since = boundary
            next.after = 0
            return (page, next)
        }
        next.after = offset
        return (page, next)
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

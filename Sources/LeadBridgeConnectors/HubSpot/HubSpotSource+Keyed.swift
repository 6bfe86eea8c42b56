import Foundation
import LeadBridge

extension HubSpotSource {
    /// Ids per CRM v3 batch read (`inputs`): 100.
    static let batchReadLimit = 100

    /// `POST /crm/v3/objects/{objectType}/batch/read`.
    public static func batchReadEndpoint(_ objectType: String) -> String {
        "POST /crm/v3/objects/\(objectType)/batch/read"
    }

    /// Contacts are read by id in batches of 100. Not the recycle bin (tombstones only), nor engagements: a rejected
    /// activity is not read again (an incremental pull of its person does not bring it either; `--full` does).
    /// Pulled HubSpot records name properties `properties.<name>`.
    public func pulledName(ofPushField field: String) -> String { "properties." + field }

    public func keyBatchLimit(for stream: PullStream) -> Int {
        stream.name == "contacts" ? Self.batchReadLimit : 0
    }

    /// The contacts with these ids, through one CRM v3 batch read (`POST /crm/v3/objects/contacts/batch/read`, at
    /// most 100 ids), as the search delivers them. Ids HubSpot does not return (a 207 with `OBJECT_NOT_FOUND`:
    /// deleted, merged or never there) are missing.
    /// https://developers.hubspot.com/docs/api/crm/contacts (batch read)
    public func records(keyed keys: [String], request: PullRequest) async throws -> KeyedRecords {
        do throws(APIError) {
            return try await batchRead(keys, stream: request.stream, fields: request.fields)
        } catch {
            guard error.code == .budgetExhausted || error.code == .quotaExhausted else { throw error }
            throw PullInterruption(error.code == .budgetExhausted ? .budgetExhausted : .remoteLimit,
                "hubspot: \(error.message)")
        }
    }

    func batchRead(_ keys: [String], stream: PullStream, fields: [String]) async throws(APIError) -> KeyedRecords {
        let objectType = stream.name
        let endpoint = Self.batchReadEndpoint(objectType)
        guard !keys.isEmpty else { return KeyedRecords(records: [], missingKeys: []) }
        guard keys.count <= Self.batchReadLimit else {
            throw APIError(.badRequest, endpoint: endpoint, message: "a batch read takes at most "
                + "\(Self.batchReadLimit) ids; got \(keys.count)")
        }
        let modified = "lastmodifieddate"
        var properties = fields.compactMap { field -> String? in
            field.hasPrefix("properties.") ? String(field.dropFirst("properties.".count)) : nil
        }
        if !properties.contains(modified) { properties.append(modified) }
        let body = HubSpotWire.BatchReadRequest(inputs: keys.map { .init(id: $0) }, properties: properties)
        let data: Data
        do { data = try JSONEncoder().encode(body) } catch {
            throw APIError(.badRequest, endpoint: endpoint, message: "cannot encode the batch read: \(error)")
        }
        let url = baseURL.appendingPathComponent("crm/v3/objects/\(objectType)/batch/read")
        let response = try await client.json(HubSpotWire.BatchReadResponse.self, endpoint: endpoint) { auth in
            // batch/read only reads: resending it is harmless.
            HTTPRequest(.post, url, headers: Self.headers(auth, json: true), body: data, idempotent: true)
        }
        let found = Set(response.results.map(\.id))
        let records = response.results.enumerated().map { offset, object in
            RawRecord(fields: Self.fields(of: object), location: RecordLocation(
                source: "hubspot \(endpoint)", index: offset + 1))
        }
        return KeyedRecords(records: records, missingKeys: keys.filter { !found.contains($0) })
    }
}

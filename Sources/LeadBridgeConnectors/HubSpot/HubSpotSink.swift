import Foundation
import LeadBridge

/// HubSpot contacts as a ``RecordSink``: current values through CRM v3 batch read, writes through batch update,
/// 100 records a call. HubSpot has no conditional writes. A batch update whose connection drops after sending is
/// ``WriteBatchOutcome/outcomeUnknown(_:)``, never resent.
public struct HubSpotSink: RecordSink {
    public let source: HubSpotSource

    public init(source: HubSpotSource) {
        self.source = source
    }

    /// Inputs per CRM v3 batch update: 100.
    static let batchUpdateLimit = 100

    /// `POST /crm/v3/objects/{objectType}/batch/update`.
    public static func batchUpdateEndpoint(_ objectType: String) -> String {
        "POST /crm/v3/objects/\(objectType)/batch/update"
    }

    public var limits: SinkLimits {
        SinkLimits(readBatch: HubSpotSource.batchReadLimit, writeBatch: Self.batchUpdateLimit,
                   conditionalWrites: false, readsBackStages: true)
    }

    public func currentValues(object: String, keys: [String], fields: [String]) async throws -> [RemoteValues] {
        let stream = PullStream(name: object, object: object, kind: .contacts)
        let found = try await source.batchRead(keys, stream: stream, fields: fields.map { "properties." + $0 })
        let wanted = Set(fields)
        return found.records.map { record in
            let fields = record.fields
            var values: [String: String] = [:]
            for field in wanted {
                if let value = fields["properties." + field], !value.isEmpty { values[field] = value }
            }
            return RemoteValues(key: fields["id"] ?? "", fields: values,
                                modifiedAt: fields["updatedAt"].flatMap(WireTime.milliseconds))
        }
    }

    public func write(object: String, _ changes: [RecordWrite]) async throws -> WriteBatchOutcome {
        let endpoint = Self.batchUpdateEndpoint(object)
        guard changes.count <= Self.batchUpdateLimit else {
            throw APIError(.badRequest, endpoint: endpoint, message: "a batch update takes at most "
                + "\(Self.batchUpdateLimit) records; got \(changes.count)")
        }
        let body = HubSpotWire.BatchUpdateRequest(inputs: changes.map { .init(id: $0.key, properties: $0.fields) })
        let data = try JSONEncoder().encode(body)
        let url = source.baseURL.appendingPathComponent("crm/v3/objects/\(object)/batch/update")
        let sent = try await source.client.write(endpoint: endpoint) { auth in
            HTTPRequest(.post, url, headers: HubSpotSource.headers(auth, json: true), body: data)
        } decode: { response in
            try HubSpotBatchResults.parse(response)
        }
        switch sent {
        case .answered(let results): return .answered(results)
        case .outcomeUnknown(let error): return .outcomeUnknown("\(error)")
        }
    }
}

import Foundation
import LeadBridge

/// Reads a HubSpot batch answer (200, or 207 multi-status) as per-record results: each id in `results` is
/// written; each error's `context.ids` are rejected with its category and message, and an error naming no id is one
/// result without a key.
enum HubSpotBatchResults {
    static func parse(_ response: HTTPResponse) throws -> [RecordWriteResult] {
        let body = try JSONDecoder().decode(HubSpotWire.BatchResponse.self, from: response.body)
        var results = body.results.map { RecordWriteResult(key: $0.id, status: .written) }
        for failure in body.errors ?? [] {
            let error = RemoteRecordError(code: failure.category ?? failure.status ?? "error",
                                          message: failure.message ?? "no detail")
            let ids = failure.context?["ids"] ?? []
            if ids.isEmpty {
                results.append(RecordWriteResult(key: nil, status: .rejected, errors: [error]))
            }
            for id in ids { results.append(RecordWriteResult(key: id, status: .rejected, errors: [error])) }
        }
        return results
    }
}

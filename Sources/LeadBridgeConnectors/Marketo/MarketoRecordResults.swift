import Foundation
import LeadBridge

/// Reads the `result` of a Marketo write (`POST /rest/v1/leads.json`) as per-record results, paired with the
/// request's keys by position: `created`/`updated` are written, `skipped` is skipped with its `reasons` (1004 lead
/// not found with `updateOnly`, 1006 field not found…), anything else rejected.
enum MarketoRecordResults {
    static func parse(_ response: HTTPResponse, keys: [String]) throws -> [RecordWriteResult] {
        let envelope = try JSONDecoder().decode(MarketoWire.Envelope.self, from: response.body)
        return (envelope.result ?? []).enumerated().map { index, entry in
            let key = entry.id.map(String.init) ?? (index < keys.count ? keys[index] : nil)
            let reasons = (entry.reasons ?? []).map { RemoteRecordError(code: $0.code, message: $0.message ?? "") }
            switch entry.status {
            case "created", "updated": return RecordWriteResult(key: key, status: .written)
            case "skipped": return RecordWriteResult(key: key, status: .skipped, errors: reasons)
            default: return RecordWriteResult(key: key, status: .rejected, errors: reasons)
            }
        }
    }
}

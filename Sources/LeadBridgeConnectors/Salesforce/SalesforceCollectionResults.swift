import Foundation
import LeadBridge

/// Reads a Salesforce sObject Collections answer (HTTP 200 even when records fail) as per-record results, paired
/// with the request's keys by position: `success: true` is written, `success: false` is rejected with each error's
/// `statusCode`, `message` and `fields`.
enum SalesforceCollectionResults {
    static func parse(_ response: HTTPResponse, keys: [String]) throws -> [RecordWriteResult] {
        let entries = try JSONDecoder().decode([SalesforceWire.CollectionResult].self, from: response.body)
        return entries.enumerated().map { index, entry in
            let key = entry.id ?? (index < keys.count ? keys[index] : nil)
            guard !entry.success else { return RecordWriteResult(key: key, status: .written) }
            return RecordWriteResult(key: key, status: .rejected, errors: (entry.errors ?? []).map {
                RemoteRecordError(code: $0.statusCode, message: $0.message ?? "no detail", fields: $0.fields ?? [])
            })
        }
    }
}

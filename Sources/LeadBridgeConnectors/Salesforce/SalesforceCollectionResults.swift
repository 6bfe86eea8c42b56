import Foundation
import LeadBridge

/// Reads a Salesforce sObject Collections answer (HTTP 200 even when records fail) as per-record results, paired
/// with the request's keys by position (Salesforce answers in the request's order, and with 18-character ids where
/// the request may have used 15): `success: true` is written, `success: false` is rejected with each error's
/// `statusCode`, `message` and `fields`.
enum SalesforceCollectionResults {
    struct CountMismatch: Error, CustomStringConvertible {
        var sent: Int
        var answered: Int
        var description: String { "\(answered) results for \(sent) records" }
    }

    /// - Throws: ``CountMismatch`` when the answer has another number of results than `keys` (when keys are given):
    ///   it cannot be paired with the records.
    static func parse(_ response: HTTPResponse, keys: [String], strict: Bool = false) throws -> [RecordWriteResult] {
        let entries = try JSONDecoder().decode([SalesforceWire.CollectionResult].self, from: response.body)
        if strict, entries.count != keys.count { throw CountMismatch(sent: keys.count, answered: entries.count) }
        let paired = entries.count == keys.count
        return entries.enumerated().map { index, entry in
            let key = paired ? keys[index] : entry.id ?? (index < keys.count ? keys[index] : nil)
            guard !entry.success else { return RecordWriteResult(key: key, status: .written) }
            return RecordWriteResult(key: key, status: .rejected, errors: (entry.errors ?? []).map {
                RemoteRecordError(code: $0.statusCode, message: $0.message ?? "no detail", fields: $0.fields ?? [])
            })
        }
    }
}

import Foundation
import LeadBridge

/// Reads the result files of a Bulk API 2.0 ingest job as per-record results, keyed by the uploaded `Id` column
/// (the order of the files is not that of the upload, and `sf__Id` is empty for a row whose id matched no record).
///
/// - `successfulResults/`: `"sf__Id","sf__Created",<uploaded columns>` → written.
/// - `failedResults/`: `"sf__Id","sf__Error",<uploaded columns>`, `sf__Error` being `CODE:message:fields --`
///   (`INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--`) → rejected with that code, message and fields.
/// - `unprocessedrecords/`: `<uploaded columns>`, rows a failed or aborted job never reached → skipped.
///
/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm,
/// …/get_job_failed_results.htm, …/get_job_unprocessed_results.htm
enum SalesforceBulkResults {
    static func written(_ records: [[String: String]]) -> [RecordWriteResult] {
        records.map { RecordWriteResult(key: key(of: $0), status: .written) }
    }

    static func rejected(_ records: [[String: String]]) -> [RecordWriteResult] {
        records.map { record in
            RecordWriteResult(key: key(of: record), status: .rejected, errors: [error(record["sf__Error"] ?? "")])
        }
    }

    /// Rows the job never processed; `reason` is the job's own message (why it failed, or that it was aborted).
    static func skipped(_ records: [[String: String]], reason: String) -> [RecordWriteResult] {
        records.map { record in
            RecordWriteResult(key: key(of: record), status: .skipped, errors: [RemoteRecordError(
                code: "NOT_PROCESSED", message: "the bulk job ended before processing this record: \(reason)")])
        }
    }

    /// The uploaded `Id`, else `sf__Id`; nil when both are empty.
    static func key(of record: [String: String]) -> String? {
        let uploaded = record.first { $0.key.caseInsensitiveCompare("Id") == .orderedSame }?.value
        if let uploaded, !uploaded.isEmpty { return uploaded }
        if let id = record["sf__Id"], !id.isEmpty { return id }
        return nil
    }

    /// `CODE:message:field,field --` (or `CODE:message:--` without fields) as a code, a message and fields; text
    /// of another shape is kept whole as the message of `UNKNOWN_EXCEPTION`.
    static func error(_ text: String) -> RemoteRecordError {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = text.firstIndex(of: ":"),
              text[..<colon].allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }),
              colon > text.startIndex
        else {
            return RemoteRecordError(code: "UNKNOWN_EXCEPTION", message: text.isEmpty ? "no detail" : text)
        }
        let code = String(text[..<colon])
        var body = Substring(text[text.index(after: colon)...])
        var fields: [String] = []
        if body.hasSuffix("--") {
            body = body.dropLast(2)
            while body.last == " " { body = body.dropLast() }
            if let last = body.lastIndex(of: ":") {
                let names = body[body.index(after: last)...].split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                let identifiers = names.allSatisfy { name in
                    !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_"
                        || $0 == ".") }
                }
                if identifiers {
                    fields = names
                    body = body[..<last]
                }
            }
        }
        let message = body.trimmingCharacters(in: .whitespaces)
        return RemoteRecordError(code: code, message: message.isEmpty ? "no detail" : message, fields: fields)
    }
}

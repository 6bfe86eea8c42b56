import Foundation
import LeadBridge

extension SalesforceSource {
    /// Ids per `WHERE Id IN (…)` query: 200 ids keep the query's URL near 6 KB, well inside the 16,384 bytes
    /// Salesforce allows for a REST request's URI and headers (knowledge article 000386264).
    static let keyQueryLimit = 200

    /// Leads and Contacts are read by Id, 200 a query. Not Tasks: a rejected activity is not read again (an
    /// incremental pull of its person does not bring it either; `--full` does).
    public func keyBatchLimit(for stream: PullStream) -> Int {
        stream.kind == .contacts ? Self.keyQueryLimit : 0
    }

    /// The records with these Ids: `SELECT … FROM <object> WHERE Id IN ('…', …)` through `queryAll`, with the
    /// fields and aliases of the stream's query. Ids not returned, or returned deleted (`IsDeleted`), are missing.
    /// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
    public func records(keyed keys: [String], request: PullRequest) async throws -> KeyedRecords {
        do throws(APIError) {
            return try await query(keys, request: request)
        } catch {
            guard error.code == .budgetExhausted || error.code == .quotaExhausted else { throw error }
            throw PullInterruption(error.code == .budgetExhausted ? .budgetExhausted : .remoteLimit,
                "salesforce: \(error.message)")
        }
    }

    func query(_ keys: [String], request: PullRequest) async throws(APIError) -> KeyedRecords {
        guard !keys.isEmpty else { return KeyedRecords(records: [], missingKeys: []) }
        let object = request.stream.object
        let (select, aliases) = try await selection(for: request)
        let list = keys.map { "'" + Self.soqlEscape($0) + "'" }.joined(separator: ", ")
        var response = try await queryAll(
            "SELECT \(select.joined(separator: ", ")) FROM \(object) WHERE Id IN (\(list))")
        var records: [RawRecord] = []
        var found = Set<String>()
        while true {
            for record in response.records {
                var fields = record.fields
                guard let id = fields["Id"], fields["IsDeleted"] != "true" else { continue }
                for (alias, field) in aliases where fields[alias] == nil {
                    if let value = fields[field] { fields[alias] = value }
                }
                found.insert(id)
                records.append(RawRecord(fields: fields, location: RecordLocation(
                    source: "salesforce \(object) by Id", index: records.count + 1)))
            }
            guard !response.done, let next = response.nextRecordsUrl else { break }
            response = try await queryMore(next)
        }
        return KeyedRecords(records: records, missingKeys: keys.filter { !found.contains($0) })
    }

    /// A SOQL string literal's content: backslashes and single quotes escaped.
    static func soqlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}

import Foundation

extension SalesforceAPI {
    /// `GET /services/data/vXX.X/query?q=SOQL`: the first batch (2,000 records, or `Sforce-Query-Options:
    /// batchSize=N` between 200 and 2,000), `totalSize`, `done`, and `nextRecordsUrl` while more remain.
    func query(_ request: SandboxRequest, version: String) async -> SandboxResponse {
        guard let text = request.queryValue("q"), !text.isEmpty else {
            return Self.error(status: 400, code: "MALFORMED_QUERY", message: "A query string has to be specified")
        }
        let parsed: SOQLQuery
        do {
            parsed = try SOQLParser.parse(text)
        } catch let failure as SOQLQuery.Failure {
            return Self.error(status: 400, code: failure.code, message: failure.message)
        } catch {
            return Self.error(status: 400, code: "MALFORMED_QUERY", message: "\(error)")
        }
        let view = await recordView()
        var rows: [(number: Int, record: [String: JSONValue])] = []
        // `WHERE Id IN (…)` (a push's read before it writes) looks its records up instead of scanning them all.
        let numbers = parsed.idCandidates.map { view.numbers(ofIDs: $0, object: parsed.object) }
            ?? view.allNumbers(parsed.object)
        let filter = SOQLFilter(parsed)
        // A matching record keeps only what the answer and the sort read (a scan can match the whole object).
        let kept = Set(parsed.fields + parsed.orderings.map(\.field) + ["Id"])
        for number in numbers {
            let record = view.record(parsed.object, number)
            if filter.matches(record) { rows.append((number, record.filter { kept.contains($0.key) })) }
        }
        parsed.sort(&rows)
        if let limit = parsed.limit, rows.count > limit { rows.removeLast(rows.count - limit) }
        let batchSize = Self.batchSize(request)
        let cursor = SalesforceQueryCursor(object: parsed.object, fields: parsed.fields, rows: rows.map(\.number),
                                           offset: 0, totalSize: rows.count)
        let first = rows.prefix(batchSize).map { select($0.record, cursor: cursor, version: version) }
        var body: [String: JSONValue] = [
            "totalSize": .int(rows.count), "done": .bool(rows.count <= batchSize), "records": .array(first),
        ]
        if rows.count > batchSize {
            var saved = cursor
            saved.offset = batchSize
            let locator = await services.store.saveCursor(saved)
            body["nextRecordsUrl"] = .string("/services/data/\(version)/query/\(locator)-\(batchSize)")
        }
        return .json(.object(body))
    }

    /// `GET /services/data/vXX.X/query/<locator>-<offset>`: the next batch of a query.
    func queryMore(locator: String, request: SandboxRequest, version: String) async -> SandboxResponse {
        let parts = locator.split(separator: "-")
        guard parts.count == 2, let offset = Int(parts[1]), let cursor = await services.store.cursor(String(parts[0]))
        else {
            return Self.error(status: 400, code: "INVALID_QUERY_LOCATOR", message: "invalid query locator")
        }
        let batchSize = Self.batchSize(request)
        let view = await recordView()
        let end = min(cursor.rows.count, offset + batchSize)
        let records = cursor.rows[min(offset, end)..<end].map {
            select(view.record(cursor.object, $0), cursor: cursor, version: version)
        }
        var body: [String: JSONValue] = [
            "totalSize": .int(cursor.totalSize), "done": .bool(end >= cursor.rows.count), "records": .array(records),
        ]
        if end < cursor.rows.count {
            body["nextRecordsUrl"] = .string("/services/data/\(version)/query/\(parts[0])-\(end)")
        }
        return .json(.object(body))
    }

    private static func batchSize(_ request: SandboxRequest) -> Int {
        guard let options = request.header("sforce-query-options"),
              let range = options.range(of: "batchSize="),
              let value = Int(options[range.upperBound...].prefix { $0.isNumber })
        else { return defaultBatchSize }
        return min(max(value, 200), defaultBatchSize)
    }

    private func select(_ record: [String: JSONValue], cursor: SalesforceQueryCursor, version: String) -> JSONValue {
        var selected: [String: JSONValue] = [
            "attributes": Self.attributes(cursor.object, id: record["Id"]?.stringValue ?? "", version: version),
        ]
        for field in cursor.fields { selected[field] = record[field] ?? .null }
        return .object(selected)
    }
}

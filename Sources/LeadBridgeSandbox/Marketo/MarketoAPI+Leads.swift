import Foundation

extension MarketoAPI {
    /// `GET /rest/v1/leads.json?filterType=id|email|…&filterValues=a,b&fields=…&batchSize=≤300&nextPageToken=`.
    func leads(_ request: SandboxRequest) async -> SandboxResponse {
        guard let filterType = request.queryValue("filterType"), !filterType.isEmpty else {
            return Self.failure(code: "1003", message: "filterType not specified")
        }
        let values = (request.queryValue("filterValues") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !values.isEmpty else { return Self.failure(code: "1003", message: "filterValues not specified") }
        guard values.count <= Self.batchLimit else {
            return Self.failure(code: "1003", message: "Too many filter values; the maximum is 300")
        }
        let batchSize = request.queryValue("batchSize").flatMap(Int.init) ?? Self.batchLimit
        guard batchSize >= 1, batchSize <= Self.batchLimit else {
            return Self.failure(code: "1003", message: "Invalid batchSize; the maximum is 300")
        }
        let fields = request.queryValue("fields").map { $0.split(separator: ",").map(String.init) }
            ?? MarketoLeadView.defaultFields
        for field in fields where MarketoLeadView.field(field) == nil {
            return Self.failure(code: "1006", message: "Field '\(field)' not found")
        }
        guard filterType == "id" || filterType == "email" || MarketoLeadView.field(filterType) != nil else {
            return Self.failure(code: "1003", message: "Invalid filterType '\(filterType)'")
        }
        let view = await leadView()
        var matches: [Int] = []
        switch filterType {
        case "id":
            matches = values.compactMap { Int($0).map { $0 - 1 } }.filter { view.exists($0) }
        case "email":
            matches = values.compactMap { view.index(ofEmail: $0) }
        default:
            let wanted = Set(values.map { $0.lowercased() })
            matches = view.allIndices.filter { index in
                view.record(index)[filterType].flatMap(\.stringValue).map { wanted.contains($0.lowercased()) }
                    ?? false
            }
        }
        let start = request.queryValue("nextPageToken").flatMap(Self.position(ofToken:)) ?? 0
        let end = min(matches.count, start + batchSize)
        let page = start < end ? Array(matches[start..<end]) : []
        let result: [JSONValue] = page.map { index in
            let record = view.record(index)
            return .object(Dictionary(uniqueKeysWithValues: fields.map { field in
                let name = MarketoLeadView.field(field)?.name ?? field
                return (name, record[name] ?? .null)
            }))
        }
        var extra: [String: JSONValue] = [:]
        if end < matches.count { extra["nextPageToken"] = .string(Self.pageToken(end)) }
        return .json(Self.success(result, extra: extra))
    }

    /// `POST /rest/v1/leads.json` with `{action, lookupField, input: [≤300]}`; one result per input in order:
    /// `{id, status: created|updated}` or `{status: skipped, reasons: [{code, message}]}`.
    func syncLeads(_ request: SandboxRequest) async throws -> SandboxResponse {
        func reject(_ code: String, _ message: String) async throws -> SandboxResponse {
            try await services.store.logWrite(PendingWrite(vendor: "marketo", method: request.method,
                                                           path: request.path, body: request.bodyText, status: 200))
            return Self.failure(code: code, message: message)
        }
        guard let body = request.jsonBody(), let input = body["input"]?.arrayValue else {
            return try await reject("609", "Invalid JSON")
        }
        guard input.count <= Self.batchLimit else {
            return try await reject("1003", "Batch size of \(input.count) exceeds the maximum of \(Self.batchLimit)")
        }
        let action = body["action"]?.stringValue ?? "createOrUpdate"
        guard ["createOnly", "updateOnly", "createOrUpdate", "createDuplicate"].contains(action) else {
            return try await reject("1003", "Invalid action '\(action)'")
        }
        let lookupField = body["lookupField"]?.stringValue ?? "email"
        let view = await leadView()
        var nextIndex = await services.store.nextCreatedIndex(of: .marketoLead)
        var changes: [RecordKey: [String: JSONValue]] = [:]
        var created: Set<RecordKey> = []
        var results: [JSONValue] = []
        func skipped(_ code: String, _ message: String) -> JSONValue {
            ["status": "skipped", "reasons": [["code": .string(code), "message": .string(message)]]]
        }
        for item in input {
            guard var fields = item.objectValue else {
                results.append(skipped("1003", "Invalid input"))
                continue
            }
            if let unknown = fields.keys.sorted().first(where: { MarketoLeadView.field($0) == nil }) {
                results.append(skipped("1006", "Field '\(unknown)' not found"))
                continue
            }
            let existing: Int? = switch lookupField {
            case "id": fields["id"]?.intValue.map { $0 - 1 }.flatMap { view.exists($0) ? $0 : nil }
            default: fields[lookupField]?.stringValue.flatMap { view.index(ofEmail: $0) }
            }
            fields["id"] = nil
            switch (existing, action) {
            case (let index?, "updateOnly"), (let index?, "createOrUpdate"):
                changes[RecordKey(object: .marketoLead, index: index), default: [:]].merge(fields) { _, new in new }
                results.append(["id": .int(index + 1), "status": "updated"])
            case (_?, "createOnly"):
                results.append(skipped("1005", "Lead already exists"))
            case (nil, "updateOnly"):
                results.append(skipped("1004", "Lead not found"))
            default:
                guard fields["email"] != nil || lookupField != "email" else {
                    results.append(skipped("1003", "Value for lookup field 'email' not specified"))
                    continue
                }
                let key = RecordKey(object: .marketoLead, index: nextIndex)
                nextIndex += 1
                changes[key] = fields
                created.insert(key)
                results.append(["id": .int(key.index + 1), "status": "created"])
            }
        }
        try await services.store.commit(changes, created: created, write: PendingWrite(
            vendor: "marketo", method: request.method, path: request.path, body: request.bodyText, status: 200))
        return .json(Self.success(results))
    }
}

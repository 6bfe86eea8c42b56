import Foundation

extension SalesforceAPI {
    /// `GET /services/data/vXX.X/sobjects/<Object>/<id>[?fields=a,b]`.
    func read(object: String, id: String, request: SandboxRequest, version: String) async -> SandboxResponse {
        guard SalesforceSchema.objects[object] != nil else {
            return Self.error(status: 404, code: "NOT_FOUND", message: "The requested resource does not exist")
        }
        let view = await recordView()
        guard let number = view.number(ofID: id, object: object) else {
            return Self.error(status: 404, code: "NOT_FOUND", message: "The requested resource does not exist")
        }
        let record = view.record(object, number)
        var selected: [String: JSONValue] = [
            "attributes": Self.attributes(object, id: Self.id18(record), version: version),
        ]
        let names = request.queryValue("fields")?.split(separator: ",").map(String.init)
        for (name, value) in record where names == nil || names!.contains(name) { selected[name] = value }
        return .json(.object(selected))
    }

    private static func id18(_ record: [String: JSONValue]) -> String { record["Id"]?.stringValue ?? "" }

    /// `PATCH /services/data/vXX.X/sobjects/<Object>/<id>`: 204 on success. With `If-Unmodified-Since` (an
    /// HTTP-date), a record modified after that time is not changed and the answer is 412.
    func update(object: String, id: String, request: SandboxRequest) async throws -> SandboxResponse {
        func reject(_ response: SandboxResponse) async throws -> SandboxResponse {
            try await services.store.logWrite(pending(request, status: response.status))
            return response
        }
        guard let sandboxObject = SalesforceRecordView.sandboxObject(object) else {
            return try await reject(Self.error(status: 404, code: "NOT_FOUND",
                                               message: "The requested resource does not exist"))
        }
        let view = await recordView()
        guard let number = view.number(ofID: id, object: object) else {
            return try await reject(Self.error(status: 404, code: "NOT_FOUND",
                                               message: "The requested resource does not exist"))
        }
        guard let fields = request.jsonBody()?.objectValue else {
            return try await reject(Self.error(status: 400, code: "JSON_PARSER_ERROR",
                                               message: "Unexpected end-of-input: expected close marker for OBJECT"))
        }
        if let header = request.header("if-unmodified-since") {
            guard let since = Self.parseHTTPDate(header) else {
                return try await reject(Self.error(status: 400, code: "INVALID_HEADER_TYPE",
                                                   message: "Invalid If-Unmodified-Since header: \(header)"))
            }
            let modified = (view.modified(object, number) ?? 0).rounded(.down)
            if modified > since.timeIntervalSince1970 {
                return try await reject(Self.error(
                    status: 412, code: "PRECONDITION_FAILED",
                    message: "The requested resource has been modified since the time specified in "
                        + "If-Unmodified-Since: \(header)"
                ))
            }
        }
        if let problem = Self.validate(fields, object: object) {
            return try await reject(Self.error(status: 400, code: problem.code, message: problem.message,
                                               fields: problem.fields))
        }
        let changes = Self.coerce(fields, object: object)
        try await services.store.commit([RecordKey(object: sandboxObject, index: number): changes],
                                        write: pending(request, status: 204))
        return .noContent()
    }

    /// `PATCH /services/data/vXX.X/composite/sobjects`: `{allOrNone, records: [{attributes: {type}, id, …}]}`,
    /// at most 200 records; answers 200 with one `{id, success, errors}` per record, in order.
    func updateCollection(_ request: SandboxRequest) async throws -> SandboxResponse {
        guard let body = request.jsonBody(), let records = body["records"]?.arrayValue else {
            let response = Self.error(status: 400, code: "JSON_PARSER_ERROR", message: "Records must be specified")
            try await services.store.logWrite(pending(request, status: 400))
            return response
        }
        guard records.count <= Self.collectionLimit else {
            try await services.store.logWrite(pending(request, status: 400))
            return Self.error(status: 400, code: "EXCEEDED_ID_LIMIT",
                              message: "record limit reached. cannot submit more than \(Self.collectionLimit) "
                                  + "records into this call")
        }
        let allOrNone = body["allOrNone"] == .bool(true)
        let view = await recordView()
        var results: [JSONValue] = []
        var changes: [RecordKey: [String: JSONValue]] = [:]
        var failed = false
        for record in records {
            let id = record["id"]?.stringValue ?? record["Id"]?.stringValue
            guard let fields = record.objectValue else { continue }
            func failure(_ code: String, _ message: String, _ fields: [String] = []) -> JSONValue {
                failed = true
                var result: [String: JSONValue] = ["success": false, "errors": [[
                    "statusCode": .string(code), "message": .string(message),
                    "fields": .array(fields.map { .string($0) }),
                ]]]
                if let id { result["id"] = .string(id) }
                return .object(result)
            }
            guard let type = record["attributes"]?["type"]?.stringValue else {
                results.append(failure("INVALID_TYPE", "Must send a concrete entity type."))
                continue
            }
            guard let object = SalesforceRecordView.sandboxObject(type) else {
                results.append(failure("INVALID_TYPE_FOR_OPERATION", "entity type \(type) does not support update"))
                continue
            }
            guard let id else {
                results.append(failure("MISSING_ARGUMENT", "Id not specified in an update call"))
                continue
            }
            guard SalesforceID.parse(id) != nil else {
                results.append(failure("MALFORMED_ID", "\(type) ID: id value of incorrect type: \(id)", ["Id"]))
                continue
            }
            guard let number = view.number(ofID: id, object: type) else {
                results.append(failure("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id"))
                continue
            }
            var values = fields
            values["attributes"] = nil
            values["id"] = nil
            values["Id"] = nil
            if let problem = Self.validate(values, object: type) {
                results.append(failure(problem.code, problem.message, problem.fields))
                continue
            }
            let key = RecordKey(object: object, index: number)
            changes[key, default: [:]].merge(Self.coerce(values, object: type)) { _, new in new }
            results.append(["id": .string(view.idField(type, number).stringValue ?? id), "success": true,
                            "errors": []])
        }
        if allOrNone && failed {
            results = results.map { result in
                guard result["success"] == .bool(true) else { return result }
                return ["id": result["id"] ?? .null, "success": false, "errors": [[
                    "statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                    "message": .string("Record rolled back because not all records were valid and the request "
                        + "was using AllOrNone header"),
                    "fields": [],
                ]]]
            }
            changes = [:]
        }
        try await services.store.commit(changes, write: pending(request, status: 200))
        return .json(.array(results))
    }

    // MARK: Validation

    static func validate(_ fields: [String: JSONValue], object: String)
        -> (code: String, message: String, fields: [String])?
    {
        for name in fields.keys.sorted() {
            guard let field = SalesforceSchema.objects[object]?.first(where: { $0.name == name }) else {
                return ("INVALID_FIELD", "No such column '\(name)' on sobject of type \(object)", [])
            }
            guard field.updateable else {
                return ("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: \(name). Please check the "
                    + "security settings of this field and verify that it is read/write for your profile or "
                    + "permission set.", [name])
            }
            let value = fields[name]!
            switch field.type {
            case "double", "int":
                if value.isNull { continue }
                if case .string(let text) = value, Double(text) == nil {
                    return ("INVALID_TYPE_ON_FIELD_IN_RECORD", "\(field.label): value not of required type: \(text)",
                            [name])
                }
                if case .bool = value {
                    return ("INVALID_TYPE_ON_FIELD_IN_RECORD", "\(field.label): value not of required type", [name])
                }
            case "picklist" where !field.picklist.isEmpty && field.name == "Lifecycle_Stage__c":
                if let text = value.stringValue, !field.picklist.contains(text) {
                    return ("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                            "\(field.label): bad value for restricted picklist field: \(text)", [name])
                }
            default:
                continue
            }
        }
        return nil
    }

    /// Values as Salesforce stores them: numbers in number fields, text elsewhere.
    static func coerce(_ fields: [String: JSONValue], object: String) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (name, value) in fields {
            let type = SalesforceSchema.objects[object]?.first { $0.name == name }?.type
            switch (type, value) {
            case ("double", .string(let text)): result[name] = Double(text).map { .double($0) } ?? .null
            case ("double", .int(let int)): result[name] = .double(Double(int))
            case ("int", .string(let text)): result[name] = Int(text).map { .int($0) } ?? .null
            case ("int", .double(let double)): result[name] = .int(Int(double))
            default: result[name] = value
            }
        }
        return result
    }

    /// RFC 7231 IMF-fixdate, `Tue, 10 Aug 2026 00:00:00 GMT`.
    static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]),
              let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]) else { return nil }
        let iso = String(format: "%04d-%02d-%02dT", year, month + 1, day) + parts[4] + "Z"
        return SandboxTimestamp.parse(iso)
    }
}

import Foundation

extension HubSpotAPI {
    /// `GET /crm/v3/objects/contacts?limit=&after=&properties=&archived=`: ordered by id, `limit` ≤ 100 (default
    /// 10), `paging.next.after` while more remain. `archived=true` lists only archived contacts (the recycle bin),
    /// each with `archivedAt`; HubSpot offers no filter on that time.
    /// https://developers.hubspot.com/docs/api/crm/contacts
    func listContacts(_ request: SandboxRequest) async -> SandboxResponse {
        let limit = request.queryValue("limit").flatMap(Int.init) ?? 10
        guard limit >= 1, limit <= Self.listLimit else {
            return Self.error(status: 400, category: "VALIDATION_ERROR",
                              message: "limit must be between 1 and \(Self.listLimit); got \(limit)")
        }
        let after = max(0, request.queryValue("after").flatMap(Int.init) ?? 0)
        let archived = request.queryValue("archived")?.lowercased() == "true"
        let view = await contactView()
        let properties = Self.requestedProperties(request)
        // `after` is the index to continue from; the page holds the next `limit` contacts of the kind asked for.
        var indices: [Int] = []
        var next: Int?
        if archived {
            let bin = view.archivedIndices.filter { $0 >= after }
            indices = Array(bin.prefix(limit))
            if bin.count > limit { next = bin[limit] }
        } else {
            var index = after
            while index < view.count {
                if view.exists(index) {
                    if indices.count == limit {
                        next = index
                        break
                    }
                    indices.append(index)
                }
                index += 1
            }
        }
        var body: [String: JSONValue] = ["results": .array(indices.map { view.object($0, requested: properties) })]
        if let next {
            let host = request.header("host") ?? "127.0.0.1"
            body["paging"] = ["next": [
                "after": .string(String(next)),
                "link": .string("http://\(host)/hubspot/crm/v3/objects/contacts?limit=\(limit)&after=\(next)"
                    + (archived ? "&archived=true" : "")),
            ]]
        }
        return .json(.object(body))
    }

    /// `GET /crm/v3/objects/contacts/{id}` (also `?idProperty=email`).
    func getContact(_ request: SandboxRequest, id: String) async -> SandboxResponse {
        let view = await contactView()
        guard let index = resolve(id, idProperty: request.queryValue("idProperty"), view: view) else {
            return .init(status: 404)
        }
        return .json(view.object(index, requested: Self.requestedProperties(request)))
    }

    private func resolve(_ id: String, idProperty: String?, view: HubSpotContactView) -> Int? {
        if idProperty == "email" {
            // Emails are `first.last<index>@domain`: find the index in the local part, then confirm it.
            let local = id.lowercased().split(separator: "@").first ?? ""
            let digits = local.reversed().prefix { $0.isNumber }
            guard let index = Int(String(digits.reversed())), view.exists(index),
                  view.properties(index)["email"]??.lowercased() == id.lowercased() else { return nil }
            return index
        }
        guard let index = HubSpotContactView.index(of: id), view.exists(index) else { return nil }
        return index
    }

    /// `POST /crm/v3/objects/contacts/search`: filterGroups (OR of ANDed filters), one sort, `limit` ≤ 200,
    /// `after` as an offset, `total`, and the 10,000-result cap: paging past it answers 400. Archived contacts are
    /// never found. https://developers.hubspot.com/docs/api/crm/search
    func searchContacts(_ request: SandboxRequest) async -> SandboxResponse {
        let view = await contactView()
        return search(request, over: view, defaultProperties: Self.defaultProperties) { index, properties in
            view.object(index, requested: properties)
        }
    }

    /// The CRM search over any object: validation, filter, sort, the page and the cap.
    func search<Records: HubSpotSearchable>(
        _ request: SandboxRequest, over records: Records, defaultProperties: [String],
        object: (Int, [String]) -> JSONValue
    ) -> SandboxResponse {
        guard let body = request.jsonBody(), body.objectValue != nil else {
            return Self.error(status: 400, category: "VALIDATION_ERROR", message: "Invalid input JSON on line 1")
        }
        let limit = body["limit"]?.intValue ?? 10
        guard limit >= 0, limit <= Self.searchLimit else {
            return Self.error(status: 400, category: "VALIDATION_ERROR",
                              message: "There was a problem with the request.",
                              extra: ["errors": [["message": .string("limit must be less than or equal to "
                                  + "\(Self.searchLimit)"), "in": "limit"]]])
        }
        let after = body["after"]?.intValue ?? 0
        if after >= Self.searchResultCap { return capError() }
        let filter: HubSpotSearchFilter
        do {
            filter = try HubSpotSearchFilter(body)
        } catch let error as HubSpotSearchFilter.Invalid {
            return Self.error(status: 400, category: "VALIDATION_ERROR", message: error.message)
        } catch {
            return Self.error(status: 400, category: "VALIDATION_ERROR", message: "\(error)")
        }
        let matches = filter.run(records)
        let start = min(after, matches.count)
        let end = min(matches.count, start + limit, Self.searchResultCap)
        let properties = Self.propertyList(body["properties"]) ?? defaultProperties
        var response: [String: JSONValue] = [
            "total": .int(matches.count),
            "results": .array(matches[start..<end].map { object($0, properties) }),
        ]
        if end < matches.count {
            response["paging"] = ["next": ["after": .string(String(end))]]
        }
        return .json(.object(response))
    }

    private func capError() -> SandboxResponse {
        Self.error(
            status: 400, category: "VALIDATION_ERROR",
            message: "There was a problem with the request: the search endpoints return at most "
                + "\(Self.searchResultCap) results per query; narrow the filter to page further."
        )
    }

    /// `POST /crm/v3/objects/contacts/batch/read` with `inputs` ≤ 100 and optional `idProperty`; unknown ids come
    /// back as 207 with an `OBJECT_NOT_FOUND` error listing them.
    func batchRead(_ request: SandboxRequest) async -> SandboxResponse {
        guard let body = request.jsonBody(), let inputs = body["inputs"]?.arrayValue else {
            return Self.error(status: 400, category: "VALIDATION_ERROR", message: "Invalid input JSON on line 1")
        }
        if let tooMany = batchLimitError(inputs.count) { return tooMany }
        let startedAt = SandboxTimestamp.hubSpot(services.store.clock.now())
        let view = await contactView()
        let properties = Self.propertyList(body["properties"])
        let idProperty = body["idProperty"]?.stringValue
        var results: [JSONValue] = []
        var missing: [JSONValue] = []
        for input in inputs {
            let id = input["id"]?.stringValue ?? ""
            if let index = resolve(id, idProperty: idProperty, view: view) {
                results.append(view.object(index, requested: properties))
            } else {
                missing.append(.string(id))
            }
        }
        return batchResponse(results: results, missing: missing, startedAt: startedAt, verb: "get")
    }

    /// `POST /crm/v3/objects/contacts/batch/update` with `inputs` ≤ 100 (`{id, properties}`). Read-only or unknown
    /// properties fail the whole batch with 400; unknown ids answer 207. A backward lifecycle stage is ignored
    /// without an error, as HubSpot does: https://knowledge.hubspot.com/records/use-lifecycle-stages
    func batchUpdate(_ request: SandboxRequest) async throws -> SandboxResponse {
        guard let body = request.jsonBody(), let inputs = body["inputs"]?.arrayValue else {
            return Self.error(status: 400, category: "VALIDATION_ERROR", message: "Invalid input JSON on line 1")
        }
        if let tooMany = batchLimitError(inputs.count) {
            try await logWrite(request, status: tooMany.status)
            return tooMany
        }
        let startedAt = SandboxTimestamp.hubSpot(services.store.clock.now())
        let view = await contactView()
        var changes: [RecordKey: [String: JSONValue]] = [:]
        var updated: [Int] = []
        var seeds: [Int: [String: String?]] = [:]
        var missing: [JSONValue] = []
        for input in inputs {
            let id = input["id"]?.stringValue ?? ""
            guard let index = resolve(id, idProperty: body["idProperty"]?.stringValue, view: view) else {
                missing.append(.string(id))
                continue
            }
            let properties = input["properties"]?.objectValue ?? [:]
            if let invalid = validate(properties) {
                try await logWrite(request, status: invalid.status)
                return invalid
            }
            let seed = seeds[index] ?? view.seedProperties(index)
            seeds[index] = seed
            let fields = effectiveChanges(properties, current: view.properties(index, seed: seed))
            if !fields.isEmpty { changes[RecordKey(object: .hubSpotContact, index: index)] = fields }
            updated.append(index)
        }
        let status = missing.isEmpty ? 200 : 207
        try await services.store.commit(changes, write: pending(request, status: status))
        let after = await contactView()
        let requested = Array(Set(inputs.flatMap { $0["properties"]?.objectValue?.keys.map { $0 } ?? [] }))
        let results = updated.map {
            after.object($0, requested: requested.isEmpty ? nil : requested.sorted(), seed: seeds[$0])
        }
        return batchResponse(results: results, missing: missing, startedAt: startedAt, verb: "update")
    }

    /// `PATCH /crm/v3/objects/contacts/{id}` with `{properties}`.
    func updateContact(_ request: SandboxRequest, id: String) async throws -> SandboxResponse {
        let view = await contactView()
        guard let index = resolve(id, idProperty: request.queryValue("idProperty"), view: view) else {
            try await logWrite(request, status: 404)
            return .init(status: 404)
        }
        let properties = request.jsonBody()?["properties"]?.objectValue ?? [:]
        if let invalid = validate(properties) {
            try await logWrite(request, status: invalid.status)
            return invalid
        }
        let fields = effectiveChanges(properties, current: view.properties(index))
        let key = RecordKey(object: .hubSpotContact, index: index)
        try await services.store.commit(fields.isEmpty ? [:] : [key: fields], write: pending(request, status: 200))
        return .json(await contactView().object(index, requested: properties.keys.sorted()))
    }

    // MARK: Write helpers

    private func batchLimitError(_ count: Int) -> SandboxResponse? {
        guard count > Self.batchLimit else { return nil }
        return Self.error(
            status: 400, category: "VALIDATION_ERROR",
            message: "Batch input contains \(count) inputs; the maximum is \(Self.batchLimit).",
            extra: ["context": ["inputs": .array([.string(String(count))])]]
        )
    }

    private func batchResponse(results: [JSONValue], missing: [JSONValue], startedAt: String, verb: String)
        -> SandboxResponse
    {
        var body: [String: JSONValue] = [
            "status": "COMPLETE", "results": .array(results),
            "startedAt": .string(startedAt), "completedAt": .string(startedAt),
        ]
        guard !missing.isEmpty else { return .json(.object(body)) }
        body["numErrors"] = .int(1)
        body["errors"] = [[
            "status": "error", "category": "OBJECT_NOT_FOUND",
            "message": .string("Could not \(verb) some CONTACT objects, they may be deleted or not exist. "
                + "Check that ids are valid."),
            "context": ["ids": .array(missing)],
        ]]
        return .json(.object(body), status: 207)
    }

    /// A 400 `VALIDATION_ERROR` for unknown or read-only properties, as HubSpot reports `PROPERTY_DOESNT_EXIST`
    /// and `READ_ONLY_VALUE` (`"hubspotscore" is a read only property; its value cannot be set.`): every invalid
    /// property of the input, in the message's JSON list and in `errors` (`{message, code, context.propertyName}`).
    private func validate(_ properties: [String: JSONValue]) -> SandboxResponse? {
        var details: [String] = []
        var errors: [JSONValue] = []
        for name in properties.keys.sorted() {
            let code: String
            let message: String
            if let definition = Self.propertyDefinitions[name] {
                let value = properties[name]?.stringValue ?? ""
                if definition.readOnlyValue {
                    code = "READ_ONLY_VALUE"
                    message = "\"\(name)\" is a read only property; its value cannot be set."
                } else if !definition.options.isEmpty, !value.isEmpty, !definition.options.contains(value) {
                    // An enumeration refuses a value outside its options, and the whole batch with it.
                    code = "INVALID_OPTION"
                    message = "\(value) was not one of the allowed options: "
                        + definition.options.map { "[label: \($0)\nvalue: \($0)]" }.joined(separator: ", ")
                } else {
                    continue
                }
            } else {
                code = "PROPERTY_DOESNT_EXIST"
                message = "Property \"\(name)\" does not exist"
            }
            let quoted = message.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            details.append("{\"isValid\":false,\"message\":\"\(quoted)\",\"error\":\"\(code)\",\"name\":\"\(name)\"}")
            errors.append(["message": .string(message), "code": .string(code),
                           "context": ["propertyName": [.string(name)]]])
        }
        guard !details.isEmpty else { return nil }
        return Self.error(status: 400, category: "VALIDATION_ERROR",
                          message: "Property values were not valid: [\(details.joined(separator: ","))]",
                          extra: ["errors": .array(errors)])
    }

    /// The changes that take effect: values become strings, and a lifecycle stage earlier than the current one is
    /// dropped silently (clearing the stage with "" is allowed, and then any stage can be set).
    private func effectiveChanges(_ properties: [String: JSONValue], current: [String: String?])
        -> [String: JSONValue]
    {
        var fields: [String: JSONValue] = [:]
        for (name, value) in properties {
            let text: JSONValue = value.isNull ? .string("") : .string(value.stringValue ?? "")
            if name == "lifecyclestage", let newStage = text.stringValue, !newStage.isEmpty,
               let old = current["lifecyclestage"] ?? nil, !old.isEmpty,
               let oldRank = HubSpotContactView.stageOrder.firstIndex(of: old),
               let newRank = HubSpotContactView.stageOrder.firstIndex(of: newStage),
               newRank < oldRank, old != "other"
            {
                continue
            }
            if (current[name] ?? nil) == text.stringValue { continue }
            fields[name] = text
        }
        return fields
    }

    func pending(_ request: SandboxRequest, status: Int) -> PendingWrite {
        PendingWrite(vendor: "hubspot", method: request.method, path: request.path, body: request.bodyText,
                     status: status)
    }

    func logWrite(_ request: SandboxRequest, status: Int) async throws {
        try await services.store.logWrite(pending(request, status: status))
    }
}

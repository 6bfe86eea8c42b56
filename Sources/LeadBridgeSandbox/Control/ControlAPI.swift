import Foundation

/// The test controls under `/__sandbox/` (not part of any vendor API):
/// - `POST /__sandbox/reset`: forget all writes, the log, call counts, faults, rate windows, Salesforce ingest
///   jobs and Marketo export jobs.
/// - `GET /__sandbox/log[?since=N][&limit=N][&summary=true]`: `{"writes": [SandboxWriteLogEntry], "calls":
///   {"vendor METHOD /path": n}, "lastSequence": n}`, or per record with `summary=true` (see `log(_:)`).
/// - `POST /__sandbox/edit`: `{"vendor", "object", "id", "fields": {…}}`: change fields as a sales rep would in
///   the vendor's UI, bumping the record's modification time. HubSpot objects: `contacts`, `emails`, `meetings`,
///   `notes`.
/// - `POST /__sandbox/create`: `{"vendor": "hubspot", "object": "emails"|"meetings"|"notes", "contact": id,
///   "fields": {…}}`: log a new engagement on a contact, as a rep would; answers `{"id"}`.
///   `{"vendor": "hubspot", "object": "events", "contact": id, "eventType", "occurredAt", "properties": {…}}`
///   records a web event (a page view, a form submission) on a contact; answers `{"id", "occurredAt"}`.
/// - `POST /__sandbox/archive`: `{"vendor": "hubspot", "object": "contacts", "id"}`: delete a contact in the UI
///   (it moves to the recycle bin: `archived=true` lists it, with `archivedAt`); answers `{"archivedAt"}`.
///   `{"vendor": "pardot", "object": "prospect", "id"}` deletes a Pardot prospect the same way (`deleted=true`
///   queries list it, with its `updated_at` moved to the deletion).
///   `{"vendor": "marketo", "object": "leads", "id"}` deletes a Marketo lead (listed by `deletedleads.json`).
/// - `POST /__sandbox/faults`: a ``SandboxFault`` (or an array of them); `DELETE /__sandbox/faults` clears them.
/// - `GET /__sandbox/info`: data set size, credentials and base paths.
struct ControlAPI: Sendable {
    let services: SandboxServices

    func handle(_ request: SandboxRequest) async throws -> SandboxResponse {
        switch (request.method, request.path) {
        case ("POST", "/__sandbox/reset"):
            try await services.store.reset()
            await services.faults.clear()
            await services.limiter.reset()
            await services.ingestJobs.reset()
            await services.exportJobs.reset()
            return .json(["reset": true])
        case ("GET", "/__sandbox/log"):
            return await log(request)
        case ("POST", "/__sandbox/faults"):
            let decoder = JSONDecoder()
            let data = Data(request.body)
            let faults = (try? decoder.decode([SandboxFault].self, from: data))
                ?? (try? decoder.decode(SandboxFault.self, from: data)).map { [$0] }
            guard let faults else {
                return .json(["error": "expected a fault: {\"kind\": \"status\", \"status\": 503, \"count\": 1}"],
                             status: 400)
            }
            for fault in faults { await services.faults.enqueue(fault) }
            return .json(["queued": .int(faults.count)])
        case ("DELETE", "/__sandbox/faults"):
            await services.faults.clear()
            return .json(["cleared": true])
        case ("POST", "/__sandbox/edit"):
            return try await edit(request)
        case ("POST", "/__sandbox/create"):
            return try await create(request)
        case ("POST", "/__sandbox/archive"):
            return try await archive(request)
        case ("GET", "/__sandbox/info"):
            let data = services.dataSet
            return .json([
                "contacts": .int(data.contactCount), "activitiesPerContact": .int(data.activitiesPerContact),
                "seed": .string(String(data.generator.seed)),
                "salesforceLeads": .int(data.leadIndices.count), "salesforceContacts": .int(data.contactIndices.count),
                "basePaths": .object(Dictionary(uniqueKeysWithValues: SandboxVendor.allCases.map {
                    ($0.rawValue, JSONValue.string($0.pathPrefix))
                })),
            ])
        default:
            return .json(["error": "unknown control", "path": .string(request.path)], status: 404)
        }
    }

    /// Applies a rep's edit: finds the record by the vendor's own id and sets the fields without any API rules
    /// (a rep may move a HubSpot stage backwards).
    private func edit(_ request: SandboxRequest) async throws -> SandboxResponse {
        guard let body = request.jsonBody(), let vendor = body["vendor"]?.stringValue.flatMap(SandboxVendor.init),
              let id = body["id"]?.stringValue, let fields = body["fields"]?.objectValue
        else {
            return .json(["error": "expected {\"vendor\", \"object\", \"id\", \"fields\"}"], status: 400)
        }
        let objectName = body["object"]?.stringValue ?? ""
        let key: RecordKey?
        var values = fields
        switch vendor {
        case .hubspot:
            if let kind = HubSpotEngagementView.Kind(rawValue: objectName) {
                let view = await HubSpotAPI(services: services).engagementView(kind)
                key = Int64(id).flatMap { view.idPosition(of: $0) != nil ? $0 : nil }
                    .map { RecordKey(object: .hubSpotEngagement, index: Int($0 - 1)) }
                values = values.filter { !$0.key.hasPrefix("__") }
            } else {
                key = HubSpotContactView.index(of: id)
                    .flatMap { $0 >= 0 && $0 < services.dataSet.contactCount ? $0 : nil }
                    .map { RecordKey(object: .hubSpotContact, index: $0) }
            }
            values = values.mapValues { $0.isNull ? .string("") : .string($0.stringValue ?? "") }
        case .salesforce:
            let view = SalesforceRecordView(dataSet: services.dataSet, leadOverlays: [:], contactOverlays: [:])
            let object = objectName.isEmpty ? (id.hasPrefix(SalesforceID.contact) ? "Contact" : "Lead") : objectName
            key = SalesforceRecordView.sandboxObject(object).flatMap { sandboxObject in
                view.number(ofID: id, object: object).map { RecordKey(object: sandboxObject, index: $0) }
            }
        case .marketo:
            key = Int(id).flatMap { $0 >= 1 ? RecordKey(object: .marketoLead, index: $0 - 1) : nil }
        case .pardot:
            key = Int(id).flatMap { $0 >= 1 ? RecordKey(object: .pardotProspect, index: $0 - 1) : nil }
        }
        guard let key else { return .json(["error": "no such record", "id": .string(id)], status: 404) }
        let stamp = try await services.store.commit(
            [key: values],
            write: PendingWrite(vendor: "rep", method: request.method, path: request.path, body: request.bodyText,
                                status: 200)
        )
        return .json(["edited": true, "modifiedAt": .string(SandboxTimestamp.hubSpot(stamp))])
    }

    /// Logs a new HubSpot engagement on a contact: its properties, `hs_createdate`, `hs_lastmodifieddate` and (unless
    /// given) `hs_timestamp` set to the creation stamp.
    private func create(_ request: SandboxRequest) async throws -> SandboxResponse {
        if let body = request.jsonBody(), body["vendor"]?.stringValue == "hubspot",
           body["object"]?.stringValue == "events"
        {
            return try await createWebEvent(request, body: body)
        }
        guard let body = request.jsonBody(), body["vendor"]?.stringValue == "hubspot",
              let kind = body["object"]?.stringValue.flatMap(HubSpotEngagementView.Kind.init(rawValue:)),
              let contact = body["contact"]?.stringValue
        else {
            return .json(["error": .string("expected {\"vendor\": \"hubspot\", \"object\": \"emails|meetings|notes\", "
                + "\"contact\", \"fields\"}")], status: 400)
        }
        guard let index = HubSpotContactView.index(of: contact),
              await HubSpotAPI(services: services).contactView().exists(index)
        else {
            return .json(["error": "no such contact", "id": .string(contact)], status: 404)
        }
        var fields = (body["fields"]?.objectValue ?? [:]).filter { !$0.key.hasPrefix("__") }
            .mapValues { $0.isNull ? JSONValue.string("") : .string($0.stringValue ?? "") }
        fields[HubSpotEngagementView.kindField] = .string(kind.rawValue)
        fields[HubSpotEngagementView.contactField] = .string(contact)
        let properties = fields
        let seedIDs = services.dataSet.contactCount * 1_000
        let created = try await services.store.create(
            .hubSpotEngagement, floor: seedIDs,
            write: PendingWrite(vendor: "rep", method: request.method, path: request.path, body: request.bodyText,
                                status: 200)
        ) { stamp in
            var stamped = properties
            let text = JSONValue.string(SandboxTimestamp.hubSpot(stamp))
            stamped["hs_createdate"] = text
            if stamped["hs_timestamp"] == nil { stamped["hs_timestamp"] = text }
            return stamped
        }
        return .json(["id": .string(String(created.index + 1)),
                      "createdAt": .string(SandboxTimestamp.hubSpot(created.stamp))])
    }

    /// Records a web event on a contact, as HubSpot's tracking code would: `{"vendor": "hubspot", "object":
    /// "events", "contact": id, "eventType": "e_visited_page", "occurredAt": ISO 8601 (default: now),
    /// "properties": {…}}`; answers `{"id", "occurredAt"}`.
    private func createWebEvent(_ request: SandboxRequest, body: JSONValue) async throws -> SandboxResponse {
        guard let contact = body["contact"]?.stringValue, let eventType = body["eventType"]?.stringValue,
              HubSpotWebEventView.eventTypes.contains(eventType)
        else {
            return .json(["error": .string("expected {\"vendor\": \"hubspot\", \"object\": \"events\", \"contact\", "
                + "\"eventType\": one of \(HubSpotWebEventView.eventTypes.joined(separator: ", ")), \"occurredAt\", "
                + "\"properties\"}")], status: 400)
        }
        guard let index = HubSpotContactView.index(of: contact),
              await HubSpotAPI(services: services).contactView().exists(index)
        else {
            return .json(["error": "no such contact", "id": .string(contact)], status: 404)
        }
        var occurredAt: Date?
        if let text = body["occurredAt"]?.stringValue {
            guard let date = SandboxTimestamp.parse(text) else {
                return .json(["error": "occurredAt must be an ISO 8601 date-time", "occurredAt": .string(text)],
                             status: 400)
            }
            occurredAt = date
        }
        var fields = (body["properties"]?.objectValue ?? [:]).filter { !$0.key.hasPrefix("__") }
            .compactMapValues { $0.isNull ? nil : JSONValue.string($0.stringValue ?? "") }
        fields[HubSpotWebEventView.eventTypeField] = .string(eventType)
        fields[HubSpotWebEventView.contactField] = .string(contact)
        let properties = fields
        let occurred = occurredAt
        let floor = services.dataSet.contactCount * 1_000
        let created = try await services.store.create(
            .hubSpotWebEvent, floor: floor,
            write: PendingWrite(vendor: "rep", method: request.method, path: request.path, body: request.bodyText,
                                status: 200)
        ) { stamp in
            var stamped = properties
            stamped[HubSpotWebEventView.occurredField] = .string(SandboxTimestamp.hubSpot(occurred ?? stamp))
            return stamped
        }
        return .json(["id": .string(HubSpotWebEventView.id(of: Int64(created.index))),
                      "occurredAt": .string(SandboxTimestamp.hubSpot(occurred ?? created.stamp))])
    }

    /// Archives a HubSpot contact, as deleting it in the UI does; deletes a Pardot prospect (into the recycle bin)
    /// or a Marketo lead (`vendor: marketo`, `object: leads`), which `leads.json` then no longer finds and
    /// `deletedleads.json` lists.
    private func archive(_ request: SandboxRequest) async throws -> SandboxResponse {
        if let body = request.jsonBody(), body["vendor"]?.stringValue == "pardot" {
            guard (body["object"]?.stringValue ?? "prospect") == "prospect", let id = body["id"]?.stringValue,
                  let number = Int(id), number >= 1, number <= services.dataSet.contactCount
            else {
                return .json(["error": "no such prospect", "id": .string(body["id"]?.stringValue ?? "")],
                             status: 404)
            }
            let stamp = try await services.store.archive(
                RecordKey(object: .pardotProspect, index: number - 1),
                write: PendingWrite(vendor: "rep", method: request.method, path: request.path, body: request.bodyText,
                                    status: 200))
            return .json(["archived": true, "archivedAt": .string(SandboxTimestamp.hubSpot(stamp))])
        }
        if let body = request.jsonBody(), body["vendor"]?.stringValue == "marketo", let id = body["id"]?.stringValue {
            let view = MarketoLeadView(dataSet: services.dataSet,
                                       overlays: await services.store.overlays(of: .marketoLead))
            guard let number = Int(id), view.exists(number - 1) || view.isDeleted(number - 1) else {
                return .json(["error": "no such record", "id": .string(id)], status: 404)
            }
            let stamp = try await services.store.archive(
                RecordKey(object: .marketoLead, index: number - 1),
                write: PendingWrite(vendor: "rep", method: request.method, path: request.path, body: request.bodyText,
                                    status: 200))
            return .json(["archived": true, "archivedAt": .string(SandboxTimestamp.marketo(stamp))])
        }
        guard let body = request.jsonBody(), body["vendor"]?.stringValue == "hubspot",
              (body["object"]?.stringValue ?? "contacts") == "contacts", let id = body["id"]?.stringValue
        else {
            return .json(["error": .string("expected {\"vendor\": \"hubspot\", \"object\": \"contacts\", \"id\"} "
                + "or {\"vendor\": \"marketo\", \"object\": \"leads\", \"id\"}")], status: 400)
        }
        guard let index = HubSpotContactView.index(of: id), index >= 0, index < services.dataSet.contactCount else {
            return .json(["error": "no such record", "id": .string(id)], status: 404)
        }
        let stamp = try await services.store.archive(
            RecordKey(object: .hubSpotContact, index: index),
            write: PendingWrite(vendor: "rep", method: request.method, path: request.path, body: request.bodyText,
                                status: 200))
        return .json(["archived": true, "archivedAt": .string(SandboxTimestamp.hubSpot(stamp))])
    }
}

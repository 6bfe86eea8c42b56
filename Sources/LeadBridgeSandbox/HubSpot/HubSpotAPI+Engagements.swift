import Foundation

extension HubSpotAPI {
    /// The live engagements of a kind, with the overlay of edits and created ones.
    func engagementView(_ kind: HubSpotEngagementView.Kind) async -> HubSpotEngagementView {
        HubSpotEngagementView(dataSet: services.dataSet, kind: kind, seed: await services.engagements.seed(kind),
                              overlays: await services.store.overlays(of: .hubSpotEngagement))
    }

    /// `GET /crm/v3/objects/{emails|meetings|notes}?limit=&after=&properties=&associations=contacts`, in id order.
    /// https://developers.hubspot.com/docs/api/crm/engagements
    func listEngagements(_ request: SandboxRequest, kind: HubSpotEngagementView.Kind) async -> SandboxResponse {
        let limit = request.queryValue("limit").flatMap(Int.init) ?? 10
        guard limit >= 1, limit <= Self.listLimit else {
            return Self.error(status: 400, category: "VALIDATION_ERROR",
                              message: "limit must be between 1 and \(Self.listLimit); got \(limit)")
        }
        let after = Int64(request.queryValue("after") ?? "") ?? 0
        let associations = request.queryValues("associations").contains { $0.contains("contact") }
        let view = await engagementView(kind)
        let start = view.idPosition(after: after)
        let end = min(view.byID.count, start + limit)
        let properties = Self.requestedProperties(request)
        var body: [String: JSONValue] = [
            "results": .array(view.byID[start..<end].map {
                view.object($0, requested: properties, associations: associations)
            }),
        ]
        if end < view.byID.count, let last = view.byID[start..<end].last {
            body["paging"] = ["next": ["after": .string(String(last.id))]]
        }
        return .json(.object(body))
    }

    /// `GET /crm/v3/objects/{emails|meetings|notes}/{id}`.
    func getEngagement(_ request: SandboxRequest, kind: HubSpotEngagementView.Kind, id: String) async
        -> SandboxResponse
    {
        let view = await engagementView(kind)
        guard let number = Int64(id), let position = view.idPosition(of: number) else { return .init(status: 404) }
        let associations = request.queryValues("associations").contains { $0.contains("contact") }
        return .json(view.object(view.byID[position], requested: Self.requestedProperties(request),
                                 associations: associations))
    }

    /// `POST /crm/v3/objects/{emails|meetings|notes}/search`: the contact search's filters, sort, `limit` ≤ 200,
    /// `after` offset and 10,000-result cap, over the engagements of one kind. Results carry no associations.
    /// https://developers.hubspot.com/docs/api/crm/search
    func searchEngagements(_ request: SandboxRequest, kind: HubSpotEngagementView.Kind) async -> SandboxResponse {
        let view = await engagementView(kind)
        return search(request, over: view, defaultProperties: HubSpotEngagementView.defaultProperties) {
            position, properties in
            view.object(view.entries[position], requested: properties, associations: false)
        }
    }

    /// `POST /crm/v4/associations/{fromObjectType}/contacts/batch/read` from emails, meetings or notes:
    /// `{"inputs": [{"id"}]}`, at most 1,000 ids; each result is `{from: {id}, to: [{toObjectId,
    /// associationTypes: [{category, typeId, label}]}]}`. Ids with no associated contact (or no such engagement)
    /// come back as a `NO_ASSOCIATIONS_FOUND` error with status 207.
    /// https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations
    /// and https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api
    func readAssociations(_ request: SandboxRequest, from: String, to: String) async -> SandboxResponse {
        guard let kind = HubSpotEngagementView.Kind(objectType: from),
              ["contacts", "contact", "0-1"].contains(to.lowercased())
        else {
            return Self.error(status: 400, category: "VALIDATION_ERROR",
                              message: "Unable to infer object type from: \(from) to \(to)")
        }
        guard let body = request.jsonBody(), let inputs = body["inputs"]?.arrayValue else {
            return Self.error(status: 400, category: "VALIDATION_ERROR", message: "Invalid input JSON on line 1")
        }
        guard inputs.count <= Self.associationBatchLimit else {
            return Self.error(status: 400, category: "VALIDATION_ERROR",
                              message: "Batch input contains \(inputs.count) inputs; the maximum is "
                                  + "\(Self.associationBatchLimit).")
        }
        let startedAt = SandboxTimestamp.hubSpot(services.store.clock.now())
        let view = await engagementView(kind)
        let contacts = await contactView()
        var results: [JSONValue] = []
        var missing: [JSONValue] = []
        for input in inputs {
            let id = input["id"]?.stringValue ?? ""
            guard let number = Int64(id), view.idPosition(of: number) != nil,
                  let contact = view.contactIndex(ofEngagement: number), contacts.exists(contact)
            else {
                missing.append(.string(id))
                continue
            }
            results.append([
                "from": ["id": .string(id)],
                "to": [[
                    "toObjectId": .int(contact + 1),
                    "associationTypes": [[
                        "category": "HUBSPOT_DEFINED", "typeId": .int(kind.contactAssociationTypeID), "label": .null,
                    ]],
                ]],
            ])
        }
        var response: [String: JSONValue] = [
            "status": "COMPLETE", "results": .array(results),
            "startedAt": .string(startedAt), "completedAt": .string(startedAt),
        ]
        guard !missing.isEmpty else { return .json(.object(response)) }
        response["numErrors"] = .int(missing.count)
        response["errors"] = .array(missing.map { id in
            [
                "status": "error", "category": "NO_ASSOCIATIONS_FOUND",
                "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
                "message": .string("No contact is associated with \(kind.rawValue.dropLast()) "
                    + "\(id.stringValue ?? "")."),
                "context": ["fromObjectId": .array([id])],
            ]
        })
        return .json(.object(response), status: 207)
    }
}

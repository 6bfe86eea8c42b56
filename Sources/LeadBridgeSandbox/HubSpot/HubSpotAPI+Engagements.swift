extension HubSpotAPI {
    /// `GET /crm/v3/objects/{emails|meetings|notes}?limit=&after=&associations=contacts`, in id order.
    /// https://developers.hubspot.com/docs/api/crm/engagements
    func listEngagements(_ request: SandboxRequest, kind: HubSpotEngagementView.Kind) -> SandboxResponse {
        let limit = request.queryValue("limit").flatMap(Int.init) ?? 10
        guard limit >= 1, limit <= Self.listLimit else {
            return Self.error(status: 400, category: "VALIDATION_ERROR",
                              message: "limit must be between 1 and \(Self.listLimit); got \(limit)")
        }
        let after = request.queryValue("after").flatMap(Int.init) ?? 0
        let associations = request.queryValues("associations").contains { $0.contains("contact") }
        let view = HubSpotEngagementView(dataSet: services.dataSet)
        let page = view.page(kind: kind, after: after, limit: limit)
        var body: [String: JSONValue] = [
            "results": .array(page.activities.map { view.object($0, kind: kind, associations: associations) }),
        ]
        if page.more, let last = page.activities.last {
            body["paging"] = ["next": ["after": .string(String(last.id + 1))]]
        }
        return .json(.object(body))
    }

    /// `GET /crm/v3/objects/{emails|meetings|notes}/{id}`.
    func getEngagement(_ request: SandboxRequest, kind: HubSpotEngagementView.Kind, id: String) -> SandboxResponse {
        let view = HubSpotEngagementView(dataSet: services.dataSet)
        guard let activity = view.activity(id: id, kind: kind) else { return .init(status: 404) }
        let associations = request.queryValues("associations").contains { $0.contains("contact") }
        return .json(view.object(activity, kind: kind, associations: associations))
    }
}

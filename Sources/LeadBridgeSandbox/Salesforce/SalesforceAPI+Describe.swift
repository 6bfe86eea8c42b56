extension SalesforceAPI {
    func describeSummary(_ object: String, version: String) -> JSONValue {
        [
            "name": .string(object), "label": .string(object), "custom": false,
            "keyPrefix": .string(SalesforceSchema.keyPrefixes[object] ?? ""),
            "queryable": true, "updateable": .bool(object == "Lead" || object == "Contact"),
            "createable": true, "deletable": true, "retrieveable": true,
            "urls": [
                "sobject": .string("/services/data/\(version)/sobjects/\(object)"),
                "describe": .string("/services/data/\(version)/sobjects/\(object)/describe"),
                "rowTemplate": .string("/services/data/\(version)/sobjects/\(object)/{ID}"),
            ],
        ]
    }

    /// `GET /services/data/vXX.X/sobjects/<Object>/describe`.
    /// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
    func describe(_ name: String, version: String) -> SandboxResponse {
        guard let object = SalesforceSchema.objects.keys.first(where: { $0 == name }),
              let fields = SalesforceSchema.objects[object]
        else {
            return Self.error(status: 404, code: "NOT_FOUND", message: "The requested resource does not exist")
        }
        guard case .object(var body) = describeSummary(object, version: version) else { return .init(status: 500) }
        body["fields"] = .array(fields.map(\.json))
        return .json(.object(body))
    }
}

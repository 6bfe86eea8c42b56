/// One contact property as `GET /crm/v3/properties/contacts` describes it.
struct HubSpotPropertyDefinition: Sendable {
    var name: String
    var label: String
    /// `string`, `number`, `datetime`, `enumeration`.
    var type: String
    /// `text`, `number`, `date`, `select`, `calculation_read_time`.
    var fieldType: String
    var groupName: String = "contactinformation"
    var readOnlyValue: Bool = false
    var options: [String] = []
    /// False for a property a portal admin created (Settings → Properties): a custom property.
    var hubspotDefined = true

    var json: JSONValue {
        [
            "name": .string(name),
            "label": .string(label),
            "type": .string(type),
            "fieldType": .string(fieldType),
            "description": "",
            "groupName": .string(groupName),
            "options": .array(options.enumerated().map { position, value in
                ["label": .string(value), "value": .string(value), "displayOrder": .int(position), "hidden": false]
            }),
            "displayOrder": -1,
            "calculated": false,
            "externalOptions": false,
            "hasUniqueValue": .bool(name == "email"),
            "hidden": false,
            "hubspotDefined": .bool(hubspotDefined),
            "modificationMetadata": [
                "archivable": false, "readOnlyDefinition": true, "readOnlyValue": .bool(readOnlyValue),
            ],
            "formField": .bool(!readOnlyValue),
            "createdAt": "2019-08-06T02:41:52.000Z",
            "updatedAt": "2019-08-06T02:41:52.000Z",
            "archived": false,
        ]
    }
}

/// One field of an emulated sObject, as `describe` reports it and as SOQL and updates check it.
struct SalesforceField: Sendable {
    /// `id`, `string`, `email`, `phone`, `picklist`, `int`, `double`, `boolean`, `date`, `datetime`, `reference`,
    /// `textarea`.
    var name: String
    var type: String
    var label: String
    var updateable: Bool = true
    var picklist: [String] = []
    /// Values retired from the picklist: describe lists them with `"active": false`; records and updates cannot use
    /// them.
    var inactivePicklist: [String] = []
    var length: Int = 255

    var custom: Bool { name.hasSuffix("__c") }

    var json: JSONValue {
        let numeric = ["int", "double", "currency", "percent"].contains(type)
        return [
            "name": .string(name), "type": .string(type), "label": .string(label),
            "length": .int(numeric || ["boolean", "date", "datetime"].contains(type) ? 0 : length),
            "custom": .bool(custom), "updateable": .bool(updateable), "createable": .bool(updateable),
            "nillable": .bool(name != "Id" && name != "LastName"), "filterable": true, "sortable": true,
            "precision": .int(type == "double" ? 18 : 0), "scale": .int(type == "double" ? 2 : 0),
            "digits": .int(type == "int" ? 9 : 0),
            "soapType": .string(Self.soapType(type)),
            "picklistValues": .array(picklist.map { Self.picklistValue($0, active: true) }
                + inactivePicklist.map { Self.picklistValue($0, active: false) }),
            "referenceTo": .array(type == "reference" ? [.string(Self.reference(name))] : []),
        ]
    }

    private static func picklistValue(_ value: String, active: Bool) -> JSONValue {
        ["active": .bool(active), "defaultValue": false, "label": .string(value), "validFor": .null,
         "value": .string(value)]
    }

    private static func soapType(_ type: String) -> String {
        switch type {
        case "id", "reference": "tns:ID"
        case "int": "xsd:int"
        case "double": "xsd:double"
        case "boolean": "xsd:boolean"
        case "date": "xsd:date"
        case "datetime": "xsd:dateTime"
        default: "xsd:string"
        }
    }

    private static func reference(_ name: String) -> String {
        switch name {
        case "WhoId": "Lead"
        case "LeadId": "Lead"
        case "ContactId": "Contact"
        case "AccountId": "Account"
        case "CampaignId": "Campaign"
        default: "User"
        }
    }
}

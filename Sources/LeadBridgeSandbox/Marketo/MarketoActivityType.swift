import LeadBridgeSampleData

/// The Marketo activity types the sandbox emits, with their standard ids.
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities
struct MarketoActivityType: Sendable {
    var id: Int
    var name: String
    var description: String
    var primaryAttribute: String
    var attributes: [String]
    /// Whether the seed activities (``MarketoActivityTimeline/timeline()``) hold activities of this type.
    var seed = true

    /// New Lead, Change Data Value and Delete Lead: served from the leads, not from the seed activities.
    static let newLead = 12
    static let changeDataValue = 13
    static let deleteLead = 37

    static let all: [MarketoActivityType] = [
        MarketoActivityType(id: 1, name: "Visit Webpage", description: "User visits a web page",
                            primaryAttribute: "Webpage ID", attributes: ["Webpage URL", "Query Parameters",
                                                                         "Client IP Address", "Referrer URL"]),
        MarketoActivityType(id: 2, name: "Fill Out Form", description: "User fills out and submits form on web page",
                            primaryAttribute: "Webform ID", attributes: ["Webpage ID", "Form Fields"]),
        MarketoActivityType(id: 9, name: "Unsubscribe Email", description: "User unsubscribes from emails",
                            primaryAttribute: "Mailing ID", attributes: ["Campaign Run ID"]),
        MarketoActivityType(id: 10, name: "Open Email", description: "User opens Marketo Email",
                            primaryAttribute: "Mailing ID", attributes: ["Campaign Run ID", "Device", "Platform"]),
        MarketoActivityType(id: 11, name: "Click Email", description: "User clicks on a link in a Marketo Email",
                            primaryAttribute: "Mailing ID", attributes: ["Link", "Campaign Run ID", "Device"]),
        MarketoActivityType(id: 104, name: "Change Status in Progression",
                            description: "Change a lead's program status", primaryAttribute: "Program ID",
                            attributes: ["Old Status", "New Status", "Reason"]),
        MarketoActivityType(id: newLead, name: "New Lead", description: "New lead was created",
                            primaryAttribute: "Lead ID", attributes: ["Source Type", "Lead Source"], seed: false),
        MarketoActivityType(id: changeDataValue, name: "Change Data Value",
                            description: "Changed attribute value for a lead", primaryAttribute: "Attribute Name",
                            attributes: ["New Value", "Old Value", "Reason", "Source"], seed: false),
        MarketoActivityType(id: deleteLead, name: "Delete Lead", description: "Lead was deleted",
                            primaryAttribute: "Lead ID", attributes: ["Remove from CRM"], seed: false),
    ]

    static func id(for kind: SampleActivity.Kind) -> Int {
        switch kind {
        case .pageView: 1
        case .formFill, .demoRequest: 2
        case .unsubscribe: 9
        case .emailOpen: 10
        case .emailClick: 11
        case .webinarRegistered, .webinarAttended: 104
        }
    }
}

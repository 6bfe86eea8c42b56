import LeadBridgeSampleData

/// The Marketo activity types the sandbox emits, with their standard ids.
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities
struct MarketoActivityType: Sendable {
    var id: Int
    var name: String
    var description: String
    var primaryAttribute: String
    var attributes: [String]

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

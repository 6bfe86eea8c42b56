/// The settings of a `kind: hubspot` connection.
public struct HubSpotSettings: Sendable, Equatable {
    public var api: APISettings
    /// `engagements`: the engagement objects pulled as activity streams, in order.
    public var engagements: [String]
    /// `web_events`: the web analytics event types pulled as activity streams, in order (none when empty).
    public var webEvents: [String]

    /// What a connection pulls unless its `engagements:` setting says otherwise: emails and meetings. Notes are free
    /// text the shipped mapping skips, and pulling them would double the calls of a nightly run.
    public static let defaultEngagements = ["emails", "meetings"]
    /// The engagement objects an `engagements:` setting may name (HubSpot CRM v3 object types).
    public static let knownEngagements = ["emails", "meetings", "notes", "calls", "tasks"]
    /// What a connection pulls unless its `web_events:` setting says otherwise: page views and form submissions,
    /// the two web events the shipped mapping scores.
    public static let defaultWebEvents = ["e_visited_page", "e_submitted_form"]

    /// Whether `name` has the form of an event type name: `e_<label>` for HubSpot's own events,
    /// `pe<portalId>_<label>` for a portal's custom events, `ae<appId>_<label>` for an app's (the `eventType`
    /// format of the events API, https://developers.hubspot.com/docs/api/events/web-analytics).
    public static func isEventTypeName(_ name: String) -> Bool {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard allowed else { return false }
        if name.hasPrefix("e_") { return name.count > 2 }
        guard name.hasPrefix("pe") || name.hasPrefix("ae") else { return false }
        let rest = name.dropFirst(2)
        let digits = rest.prefix { $0.isNumber }
        return !digits.isEmpty && rest.count > digits.count
    }

    /// The largest page HubSpot's search returns.
    public static let pageSizes = 1...200

    public init(api: APISettings = APISettings(), engagements: [String] = HubSpotSettings.defaultEngagements,
                webEvents: [String] = HubSpotSettings.defaultWebEvents) {
        self.api = api
        self.engagements = engagements
        self.webEvents = webEvents
    }
}

/// The settings of a `kind: hubspot` connection.
public struct HubSpotSettings: Sendable, Equatable {
    public var api: APISettings
    /// `engagements`: the engagement objects pulled as activity streams, in order.
    public var engagements: [String]

    /// What a connection pulls unless its `engagements:` setting says otherwise: emails and meetings. Notes are free
    /// text the shipped mapping skips, and pulling them would double the calls of a nightly run.
    public static let defaultEngagements = ["emails", "meetings"]
    /// The engagement objects an `engagements:` setting may name (HubSpot CRM v3 object types).
    public static let knownEngagements = ["emails", "meetings", "notes", "calls", "tasks"]
    /// The largest page HubSpot's search returns.
    public static let pageSizes = 1...200

    public init(api: APISettings = APISettings(), engagements: [String] = HubSpotSettings.defaultEngagements) {
        self.api = api
        self.engagements = engagements
    }
}

/// An engagement rule: points for each matching activity, decayed by its age, optionally capped.
public struct EngagementRule: Sendable, Equatable, Codable {
    /// The rule's name in explanations: `name:` in the file, else `engagement#N` (1-based, file order).
    public var id: String
    /// The canonical activity type (`page_view`, `form_fill`, …).
    public var activity: String
    /// Regular expressions the activity's URL, campaign or asset must match (each when given).
    public var urlMatches: String?
    public var campaignMatches: String?
    public var assetMatches: String?
    /// Only activities at most this many days old (as of the scoring time) count.
    public var withinDays: Double?
    /// Points per activity before decay; negative points subtract.
    public var points: Double
    /// The most (in absolute value) this rule adds to a contact's engagement, after decay.
    public var cap: Double?
    /// Where the rule is in the file; not part of the model's identity.
    public var line: Int

    public init(
        id: String, activity: String, urlMatches: String? = nil, campaignMatches: String? = nil,
        assetMatches: String? = nil, withinDays: Double? = nil, points: Double, cap: Double? = nil, line: Int = 0
    ) {
        self.id = id
        self.activity = activity
        self.urlMatches = urlMatches
        self.campaignMatches = campaignMatches
        self.assetMatches = assetMatches
        self.withinDays = withinDays
        self.points = points
        self.cap = cap
        self.line = line
    }

    /// The activity types LeadBridge's mappings produce: the buyer's, and the `sales_*` types of what reps log in
    /// the CRM (the shipped model scores none of those: sales activity is not buyer engagement).
    public static let knownActivityTypes = [
        "page_view", "form_fill", "email_open", "email_click", "webinar_registered", "webinar_attended",
        "demo_request", "unsubscribe", "sales_call", "sales_email", "sales_meeting", "sales_task",
    ]

    /// `page_view url ~ "/pricing" within 90 days`.
    public var summary: String {
        var text = activity
        if let urlMatches { text += " url ~ \"\(urlMatches)\"" }
        if let campaignMatches { text += " campaign ~ \"\(campaignMatches)\"" }
        if let assetMatches { text += " asset ~ \"\(assetMatches)\"" }
        if let withinDays { text += " within \(ScoreBands.format(withinDays)) days" }
        return text
    }
}

/// How one engagement rule applied to a contact: matching activities, decay, cap.
public struct EngagementRuleOutcome: Sendable, Equatable, Codable {
    public var id: String
    /// `page_view url ~ "/pricing" within 90 days`.
    public var rule: String
    /// Points per activity before decay.
    public var pointsEach: Double
    public var cap: Double?
    /// Matching activities.
    public var matched: Int
    /// `matched × pointsEach`: the points without decay.
    public var rawPoints: Double
    /// The sum of decayed points.
    public var decayedPoints: Double
    /// What the rule adds to engagement: the decayed points after the rule's cap, to two decimals.
    public var points: Double
    /// Whether the cap cut the decayed points.
    public var capApplied: Bool
    /// The matching activities, most recent first (at most ``ScoreExplanation/activityLimit``).
    public var activities: [ActivityContribution]
}

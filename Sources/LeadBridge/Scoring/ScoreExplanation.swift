/// Why a contact has its score and stage: every rule, its points, decay and caps, the thresholds, the stage decision.
///
/// Computed live from the store for one contact, with the same engine as a scoring pass, so it agrees with what
/// `score` stores for the same model and `asOf`: by default as of the stored score's time (``Basis/storedScore``),
/// or for a given time (``Basis/recomputed``). The CLI renders it as a table or JSON.
public struct ScoreExplanation: Sendable, Equatable, Codable {
    public var contactID: Int64
    public var email: String?
    public var name: String?
    public var title: String?
    public var company: String?
    /// `contacts.lifecycle_stage` as pulled from the CRM (nil reads as lead).
    public var crmStage: String?
    public var asOf: Int64
    public var modelHash: String

    /// Every fit rule, fired or not, in file order.
    public var fitRules: [FitRuleOutcome]
    /// Every engagement rule that matched at least one activity, in file order.
    public var engagementRules: [EngagementRuleOutcome]
    public var halfLifeDays: Double?
    /// The total engagement cap, if any.
    public var engagementCap: Double?
    /// The sum of the rules' capped points, before the total cap and the floor at zero.
    public var engagementBeforeCap: Double
    public var totalCapApplied: Bool
    public var floorApplied: Bool

    public var fit: Double
    public var engagement: Double
    public var total: Double
    public var grade: Grade
    public var grades: GradeThresholds
    public var mql: MQLRule
    /// Whether the score meets every MQL minimum.
    public var qualifies: Bool
    public var previousStage: String?
    public var stage: StageDecision
    /// The stored score, to compare (nil if never scored).
    public var stored: StoredScore?
    /// The contact's recorded stage transitions, oldest first.
    public var transitions: [StageTransition]
    /// What is explained: the stored score, or a recomputation for a chosen time.
    public var basis: Basis
    /// Whether this evaluation equals the stored score (fit, engagement, total, stage, model hash and as-of time);
    /// nil when the contact was never scored. False for the stored score means the data or the model changed since
    /// it was computed.
    public var agreesWithStored: Bool?
    /// The model's `same_event_within_minutes` (nil: every record counts).
    public var sameEventWithinMinutes: Double? = nil
    /// Activity records not counted: other systems' copies of an activity counted once (listed in its `systems`).
    public var sameEventCopies: Int = 0

    public enum Basis: String, Sendable, Codable {
        /// The stored score, evaluated as of its own as-of time (`explain` without `--as-of`).
        case storedScore = "stored_score"
        /// A recomputation for the as-of time asked for (`explain --as-of`).
        case recomputed
    }

    /// The most activities listed per rule.
    public static let activityLimit = 20
}

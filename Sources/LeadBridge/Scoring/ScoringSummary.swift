/// What a scoring pass found and changed.
public struct ScoringSummary: Sendable, Equatable, Codable {
    /// The scoring time ("now" for decay and recency windows).
    public var asOf: Int64
    public var modelHash: String
    /// Contacts scored.
    public var contacts: Int = 0
    /// Activity rows read: those of a type some rule scores, at or before `asOf`, and not older than every window
    /// (`within_days`) of their type's rules (an email open past the email-open rule's window is not read).
    public var activities: Int = 0
    /// Of those, records not counted because they are another system's record of an event already counted (the
    /// model's `same_event_within_minutes`).
    public var sameEventCopies: Int = 0
    /// Score rows written because a value changed (0 when re-scoring with no new data).
    public var changed: Int = 0
    /// Score history rows written: one per contact whose fit, engagement, total, grade, stage or model changed
    /// (0 when re-scoring with no new data).
    public var historyRows: Int = 0
    /// Rows the score history holds after the pass, counted by ``ScoreJob``; nil from
    /// ``LeadStore/score(model:asOf:decidedAt:batchSize:)``.
    public var historyRowsHeld: Int?
    /// Contacts scored for the first time.
    public var firstScored: Int = 0
    /// Previous scores computed by a different model.
    public var previousModelDiffered: Int = 0
    /// Stage transitions recorded.
    public var transitions: Int = 0
    /// Contacts per grade, A to D.
    public var byGrade: [String: Int] = [:]
    /// Contacts per total-score band, lowest first.
    public var byBand: [BandCount] = []
    /// Contacts per stage.
    public var byStage: [String: Int] = [:]
    /// Contacts whose score meets the MQL rule (whatever their stage).
    public var qualifying: Int = 0
    /// Contacts in stage `mql` now.
    public var mqlCount: Int = 0
    /// Contacts that became `mql` in this pass.
    public var newMQLs: Int = 0
    /// Contacts that were `mql` and are now `lead` or `recycled` (not handed to sales).
    public var lostMQLs: Int = 0
    /// Contacts that were `mql` and sales has since accepted (sal or later).
    public var handedOff: Int = 0
    /// Up to ``sampleLimit`` of the new and lost MQLs, in id order.
    public var newMQLSample: [ScoredContactRef] = []
    public var lostMQLSample: [ScoredContactRef] = []

    public static let sampleLimit = 50

    public init(asOf: Int64, modelHash: String) {
        self.asOf = asOf
        self.modelHash = modelHash
    }
}

/// One row of a contact's score history (table `score_history`): its score as of a time, by a model.
///
/// The scoring pass writes one when a contact's fit, engagement, total, grade, stage or model changes (never when
/// only the as-of time moves), so consecutive entries differ.
public struct ScoreHistoryEntry: Sendable, Equatable, Codable {
    /// The as-of time the score was computed for, UTC seconds.
    public var asOf: Int64
    public var modelHash: String
    public var fit: Double
    public var engagement: Double
    public var total: Double
    public var grade: String
    public var stage: String
    /// When the pass that computed it ran, UTC seconds; nil when not known (a library call without it).
    public var decidedAt: Int64?

    public init(
        asOf: Int64, modelHash: String, fit: Double, engagement: Double, total: Double, grade: String,
        stage: String, decidedAt: Int64?
    ) {
        self.asOf = asOf
        self.modelHash = modelHash
        self.fit = fit
        self.engagement = engagement
        self.total = total
        self.grade = grade
        self.stage = stage
        self.decidedAt = decidedAt
    }
}

/// A score row as stored by the last scoring pass that changed it.
public struct StoredScore: Sendable, Equatable, Codable {
    public var fit: Double
    public var engagement: Double
    public var total: Double
    public var grade: String
    public var stage: String
    public var modelHash: String
    /// The as-of time of the scoring that wrote the row.
    public var computedAt: Int64

    public init(fit: Double, engagement: Double, total: Double, grade: String, stage: String, modelHash: String,
                computedAt: Int64) {
        self.fit = fit
        self.engagement = engagement
        self.total = total
        self.grade = grade
        self.stage = stage
        self.modelHash = modelHash
        self.computedAt = computedAt
    }
}

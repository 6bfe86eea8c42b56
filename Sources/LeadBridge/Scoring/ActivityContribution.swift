/// One activity's part in an engagement rule: its points after decay.
public struct ActivityContribution: Sendable, Equatable, Codable {
    public var occurredAt: Int64
    public var url: String?
    public var campaign: String?
    public var asset: String?
    /// Age at the scoring time, in days.
    public var ageDays: Double
    /// `0.5^(age_days / half_life_days)`; 1 without decay.
    public var decayFactor: Double
    /// The rule's points × the decay factor.
    public var points: Double
    /// The systems holding a record of this activity: its own first, then those whose copies were not counted.
    public var systems: [String] = []
}

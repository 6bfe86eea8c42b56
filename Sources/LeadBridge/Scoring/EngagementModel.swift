import Foundation

/// How activities become engagement points: rules, decay, and the total cap. Engagement never goes below zero.
public struct EngagementModel: Sendable, Equatable, Codable {
    /// Each activity's points halve every this many days of age; nil: no decay.
    public var halfLifeDays: Double?
    /// The most engagement a contact can have; nil: no cap.
    public var cap: Double?
    public var rules: [EngagementRule]

    public init(halfLifeDays: Double?, cap: Double?, rules: [EngagementRule]) {
        self.halfLifeDays = halfLifeDays
        self.cap = cap
        self.rules = rules
    }

    /// The decay factor of an activity `ageSeconds` old: `0.5^(age_days / half_life_days)`, 1 without decay.
    public func decayFactor(ageSeconds: Int64) -> Double {
        guard let halfLifeDays else { return 1 }
        return exp2(-Double(ageSeconds) / (halfLifeDays * 86_400))
    }
}

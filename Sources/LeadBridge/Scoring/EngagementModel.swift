import Foundation

/// How activities become engagement points: rules, decay, and the total cap. Engagement never goes below zero.
public struct EngagementModel: Sendable, Equatable, Codable {
    /// Each activity's points halve every this many days of age; nil: no decay.
    public var halfLifeDays: Double?
    /// The most engagement a contact can have; nil: no cap.
    public var cap: Double?
    public var rules: [EngagementRule]
    /// Records of the same event in different systems (same canonical type and identifying detail) at most this
    /// many minutes apart count once (`same_event_within_minutes`; see ``SameEventWindow``); nil: every record
    /// counts.
    public var sameEventWithinMinutes: Double?

    /// The tolerance when the file sets none: a synced copy usually lands within minutes of the original.
    public static let defaultSameEventWithinMinutes = 10.0

    public init(
        halfLifeDays: Double?, cap: Double?, rules: [EngagementRule],
        sameEventWithinMinutes: Double? = EngagementModel.defaultSameEventWithinMinutes
    ) {
        self.halfLifeDays = halfLifeDays
        self.cap = cap
        self.rules = rules
        self.sameEventWithinMinutes = sameEventWithinMinutes
    }

    /// ``sameEventWithinMinutes`` in whole seconds (rounded), nil when records are not de-duplicated.
    public var sameEventWithinSeconds: Int64? {
        sameEventWithinMinutes.map { Int64(($0 * 60).rounded()) }
    }

    /// The decay factor of an activity `ageSeconds` old: `0.5^(age_days / half_life_days)`, 1 without decay.
    public func decayFactor(ageSeconds: Int64) -> Double {
        guard let halfLifeDays else { return 1 }
        return exp2(-Double(ageSeconds) / (halfLifeDays * 86_400))
    }
}

/// How the audited contacts a scoring rule fired for converted, next to those it did not fire for.
///
/// A fit rule *fires* for a contact when its condition holds; an engagement rule when at least one of the contact's
/// activities (up to the time the contact is judged) matches it, whatever its points after decay. Made by the
/// audit's engine evaluation (``ModelEvaluation``).
public struct RuleConversion: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case fit, engagement
    }

    public var kind: Kind
    /// The rule's name: `name:` in the file, else `fit#N` or `engagement#N`.
    public var id: String
    /// What the rule tests, as `explain` shows it: `title matches "…"`, `page_view url ~ "/pricing"`.
    public var rule: String
    public var points: Double
    /// Converters it fired for.
    public var firedConverted = 0
    /// Contacts it fired for that did not convert.
    public var firedNotConverted = 0
    /// Converters it did not fire for.
    public var otherConverted = 0
    /// Contacts it did not fire for that did not convert.
    public var otherNotConverted = 0

    public init(kind: Kind, id: String, rule: String, points: Double) {
        self.kind = kind
        self.id = id
        self.rule = rule
        self.points = points
    }

    /// Contacts it fired for.
    public var fired: Int { firedConverted + firedNotConverted }
    /// Contacts it did not fire for.
    public var notFired: Int { otherConverted + otherNotConverted }
    /// The conversion rate among the contacts it fired for (0 when it fired for none).
    public var firedRate: Double { fired == 0 ? 0 : Double(firedConverted) / Double(fired) }
    /// The conversion rate among the contacts it did not fire for (0 when it fired for all).
    public var notFiredRate: Double { notFired == 0 ? 0 : Double(otherConverted) / Double(notFired) }

    private enum CodingKeys: String, CodingKey {
        case kind, id, rule, points, firedConverted, firedNotConverted, otherConverted, otherNotConverted
        case fired, notFired, firedRate, notFiredRate
    }

    /// JSON: the four counts, and the sample sizes and rates they give.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(id, forKey: .id)
        try container.encode(rule, forKey: .rule)
        try container.encode(points, forKey: .points)
        try container.encode(firedConverted, forKey: .firedConverted)
        try container.encode(firedNotConverted, forKey: .firedNotConverted)
        try container.encode(otherConverted, forKey: .otherConverted)
        try container.encode(otherNotConverted, forKey: .otherNotConverted)
        try container.encode(fired, forKey: .fired)
        try container.encode(notFired, forKey: .notFired)
        try container.encode(firedRate, forKey: .firedRate)
        try container.encode(notFiredRate, forKey: .notFiredRate)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        id = try container.decode(String.self, forKey: .id)
        rule = try container.decode(String.self, forKey: .rule)
        points = try container.decode(Double.self, forKey: .points)
        firedConverted = try container.decode(Int.self, forKey: .firedConverted)
        firedNotConverted = try container.decode(Int.self, forKey: .firedNotConverted)
        otherConverted = try container.decode(Int.self, forKey: .otherConverted)
        otherNotConverted = try container.decode(Int.self, forKey: .otherNotConverted)
    }
}

/// The `activities:` section: how a source's activity records become canonical activities.
public struct ActivityMapping: Sendable, Equatable {
    /// How an activity names its person.
    public enum ContactRule: Sendable, Equatable {
        /// By the person's key in the same system, e.g. `{ from: prospect_id, object: prospect }`.
        case externalID(ValueRule, object: String)
        /// By email, e.g. `{ email: Email }`.
        case email(ValueRule)
    }

    /// The type value that means "not an activity LeadBridge scores": the record is skipped, not rejected.
    public static let skip = "skip"

    public var object: String
    public var key: ValueRule
    public var contact: ContactRule
    public var type: ValueRule
    public var occurredAt: ValueRule
    public var url: ValueRule?
    public var campaign: ValueRule?
    public var asset: ValueRule?
    public var detail: [(name: String, rule: ValueRule)]

    public static func == (lhs: ActivityMapping, rhs: ActivityMapping) -> Bool {
        lhs.object == rhs.object && lhs.key == rhs.key && lhs.contact == rhs.contact && lhs.type == rhs.type
            && lhs.occurredAt == rhs.occurredAt && lhs.url == rhs.url && lhs.campaign == rhs.campaign
            && lhs.asset == rhs.asset && lhs.detail.map(\.name) == rhs.detail.map(\.name)
            && lhs.detail.map(\.rule) == rhs.detail.map(\.rule)
    }

    var sourceFields: [(field: String, position: String)] {
        var rules = [key, type, occurredAt] + [url, campaign, asset].compactMap { $0 } + detail.map(\.rule)
        switch contact {
        case .externalID(let rule, _), .email(let rule): rules.append(rule)
        }
        return rules.flatMap { rule in rule.sourceFields.map { ($0, rule.position) } }
    }
}

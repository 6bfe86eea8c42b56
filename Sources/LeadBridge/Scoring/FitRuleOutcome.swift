/// How one fit rule applied to a contact.
public struct FitRuleOutcome: Sendable, Equatable, Codable {
    public var id: String
    /// `title matches "…"`.
    public var rule: String
    /// The contact's value of the field, if any.
    public var value: String?
    public var fired: Bool
    /// The rule's points: added to fit when it fired.
    public var points: Double
}

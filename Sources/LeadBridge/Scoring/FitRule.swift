/// A fit rule: points for who the contact is (title, company size, industry, email domain…).
public struct FitRule: Sendable, Equatable, Codable {
    /// The rule's name in explanations: `name:` in the file, else `fit#N` (1-based, file order).
    public var id: String
    /// The contact field tested: a canonical one, or a custom `extra.<name>` field.
    public var field: FitField
    public var condition: FitCondition
    /// Points when the condition holds; negative points subtract.
    public var points: Double
    /// Where the rule is in the file (`line:column`), for messages; not part of the model's identity.
    public var line: Int

    public init(id: String, field: FitField, condition: FitCondition, points: Double, line: Int = 0) {
        self.id = id
        self.field = field
        self.condition = condition
        self.points = points
        self.line = line
    }

    /// `title matches "…"`.
    public var summary: String { "\(field.name) \(condition.summary)" }
}

/// A contact that reached a converted stage (`audit.converted_stages`), with its score before that.
public struct AuditConverter: Sendable, Equatable, Codable {
    public var id: Int64
    public var email: String?
    public var title: String?
    public var company: String?
    public var industry: String?
    public var employees: Int64?
    /// The highest stage the contact reached (its stage history or its current CRM stage).
    public var crmStage: String
    public var fit: Double
    public var engagement: Double
    public var total: Double
    public var grade: String
    /// Whether the score met the MQL rule.
    public var qualified: Bool
    /// True when the score is the one recorded when sales first took the contact (sal or later); false when no
    /// transition was recorded and the current score stands in.
    public var scoreAtHandoff: Bool
}

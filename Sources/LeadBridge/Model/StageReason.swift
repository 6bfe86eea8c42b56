/// Why a contact is in its stage after scoring.
public enum StageReason: String, Sendable, Codable, CaseIterable {
    /// The score meets the MQL rule.
    case qualified = "qualified"
    /// The score does not meet the MQL rule.
    case notQualified = "not_qualified"
    /// Sales set this stage (sal or later) in the CRM.
    case setBySales = "set_by_sales"
    /// Sales set a later stage before; the CRM field now reads lower, and LeadBridge never demotes a sales stage.
    case salesStageKept = "sales_stage_kept"
    /// Sales disqualified the contact in the CRM; the score does not change that.
    case disqualifiedBySales = "disqualified_by_sales"
    /// Sales recycled the contact and the score meets the MQL rule again.
    case recycledRequalified = "recycled_requalified"
    /// Sales recycled the contact and the score does not meet the MQL rule (yet).
    case recycled = "recycled"

    /// A sentence for `explain`.
    public var sentence: String {
        switch self {
        case .qualified: "meets the MQL rule (total, fit and engagement minimums all hold)"
        case .notQualified: "does not meet every MQL minimum, so stays a lead"
        case .setBySales: "set by sales in the CRM; LeadBridge keeps sales stages"
        case .salesStageKept: "sales set a later stage before; LeadBridge never demotes a sales stage"
        case .disqualifiedBySales: "disqualified by sales in the CRM; the score does not change that"
        case .recycledRequalified: "recycled by sales and meets the MQL rule again: re-qualified"
        case .recycled: "recycled by sales; re-qualifies when the score meets the MQL rule"
        }
    }

    /// Whether the stage comes from the CRM rather than from the score.
    public var isFromCRM: Bool {
        switch self {
        case .setBySales, .salesStageKept, .disqualifiedBySales, .recycled: true
        case .qualified, .notQualified, .recycledRequalified: false
        }
    }
}

/// The lifecycle of a lead, in funnel order. LeadBridge derives only `lead` and `mql`; `sal` and later are set
/// by sales in the CRM and are never demoted.
public enum LifecycleStage: String, Sendable, CaseIterable, Codable, Comparable {
    case lead, mql, sal, sql, opportunity, customer
    /// Off the funnel: not a fit, or sent back to marketing. Neither is ordered against the funnel stages.
    case disqualified, recycled

    /// Position in the funnel; nil for `disqualified` and `recycled`.
    public var funnelRank: Int? {
        switch self {
        case .lead: 0
        case .mql: 1
        case .sal: 2
        case .sql: 3
        case .opportunity: 4
        case .customer: 5
        case .disqualified, .recycled: nil
        }
    }

    /// Stages only sales sets (in the CRM); LeadBridge pulls them and never moves a contact out of them.
    public var isSalesOwned: Bool { (funnelRank ?? 0) >= 2 }

    public static func < (lhs: LifecycleStage, rhs: LifecycleStage) -> Bool {
        (lhs.funnelRank ?? -1) < (rhs.funnelRank ?? -1)
    }
}

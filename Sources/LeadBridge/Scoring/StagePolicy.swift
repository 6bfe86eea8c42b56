/// Decides a contact's lifecycle stage from its CRM stage, its previous scored stage and whether it qualifies.
///
/// LeadBridge derives only `lead` and `mql`. Sales stages (`sal` and later) come from the CRM and are never
/// demoted by scoring; `disqualified` stays until sales changes it; a `recycled` contact re-qualifies as `mql`
/// when its score meets the MQL rule again.
public enum StagePolicy {
    /// - Parameters:
    ///   - crmStage: `contacts.lifecycle_stage` as pulled (nil or unknown text reads as `lead`).
    ///   - previous: The stage stored by the last scoring, nil if never scored.
    ///   - qualifies: Whether the score meets the MQL rule.
    public static func decide(crmStage: LifecycleStage?, previous: LifecycleStage?, qualifies: Bool)
        -> StageDecision
    {
        let crm = crmStage ?? .lead
        if crm.isSalesOwned {
            return StageDecision(stage: crm, reason: .setBySales)
        }
        switch crm {
        case .disqualified:
            return StageDecision(stage: .disqualified, reason: .disqualifiedBySales)
        case .recycled:
            return qualifies
                ? StageDecision(stage: .mql, reason: .recycledRequalified)
                : StageDecision(stage: .recycled, reason: .recycled)
        default:
            if let previous, previous.isSalesOwned {
                return StageDecision(stage: previous, reason: .salesStageKept)
            }
            return qualifies
                ? StageDecision(stage: .mql, reason: .qualified)
                : StageDecision(stage: .lead, reason: .notQualified)
        }
    }
}

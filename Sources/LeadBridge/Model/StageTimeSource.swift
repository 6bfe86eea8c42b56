/// Where the time of a recorded stage transition came from, best first.
public enum StageTimeSource: String, Sendable, Codable, CaseIterable {
    /// The CRM's own date for the stage, read by the mapping (`extra.stage_date.<stage>`, e.g. HubSpot's
    /// `hs_lifecyclestage_salesqualifiedlead_date`).
    case crmStageDate = "crm_stage_date"
    /// The remote modified time of the first record version that carried the stage (the import time for an
    /// export without a modified column).
    case recordModified = "record_modified"
    /// A stage LeadBridge derives (lead, mql): the as-of time of the scoring that decided it.
    case scoring = "scoring"
    /// No remote time is known (a contact stored before change times were kept): when the store last changed the
    /// contact, if earlier than the scoring. Any field edit moves it, so treat such handoff times with care.
    case localWrite = "local_write"

    /// A few words for reports.
    public var phrase: String {
        switch self {
        case .crmStageDate: "CRM stage date"
        case .recordModified: "record modified time"
        case .scoring: "scoring as-of time"
        case .localWrite: "local write time (no remote time known)"
        }
    }
}

/// One MQL's handoff to sales: when it became an MQL, when sales accepted it (sal or later), how long that took.
public struct HandoffRecord: Sendable, Equatable, Codable {
    public var contactID: Int64
    public var email: String?
    public var company: String?
    public var mqlAt: Int64
    /// Where ``mqlAt`` came from (a `StageTimeSource` raw value; nil: recorded before store migration v10).
    public var mqlAtSource: String?
    /// nil while sales has not accepted it yet.
    public var acceptedAt: Int64?
    /// Where ``acceptedAt`` came from: `crm_stage_date`, `record_modified`, `local_write` (nil: recorded before
    /// store migration v10, or pending).
    public var acceptedAtSource: String?
    /// Hours from MQL to acceptance, or to the audit's as-of time while pending.
    public var hours: Double
}

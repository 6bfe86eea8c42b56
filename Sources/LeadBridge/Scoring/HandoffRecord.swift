/// One MQL's handoff to sales: when it became an MQL, when sales accepted it (sal or later), how long that took.
public struct HandoffRecord: Sendable, Equatable, Codable {
    public var contactID: Int64
    public var email: String?
    public var company: String?
    public var mqlAt: Int64
    /// nil while sales has not accepted it yet.
    public var acceptedAt: Int64?
    /// Hours from MQL to acceptance, or to the audit's as-of time while pending.
    public var hours: Double
}

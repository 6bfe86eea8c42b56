/// MQL→SAL handoff times against the SLA.
public struct HandoffSummary: Sendable, Equatable, Codable {
    public var slaHours: Double
    /// Handoffs measured (an MQL transition followed by a sales one).
    public var count = 0
    public var withinSLA = 0
    /// Measured handoffs by where the acceptance time came from (`StageTimeSource` raw values; `unknown` for
    /// transitions recorded before store migration v10).
    public var acceptedAtSources: [String: Int] = [:]
    public var medianHours: Double?
    public var p90Hours: Double?
    /// Handoffs that took longer than the SLA, slowest first (at most ``ScoringAudit/listLimit``).
    public var breaches: [HandoffRecord] = []
    public var breachCount = 0
    /// MQLs still waiting for sales longer than the SLA, longest first (at most ``ScoringAudit/listLimit``).
    public var pendingOverSLA: [HandoffRecord] = []
    public var pendingOverSLACount = 0
}

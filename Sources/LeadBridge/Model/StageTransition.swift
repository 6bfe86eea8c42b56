/// A recorded change of a contact's stage (table `stage_transitions`), with the score at that moment.
public struct StageTransition: Sendable, Equatable, Codable {
    public var contactID: Int64
    /// nil for the first stage recorded for the contact.
    public var from: LifecycleStage?
    public var to: LifecycleStage
    /// When: the scoring's as-of time for derived stages; for CRM stages, the CRM's stage date where the mapping
    /// reads one, else the remote modified time of the first record version that carried the stage (see
    /// ``atSource``).
    public var at: Int64
    /// Where ``at`` came from; nil for transitions recorded before store migration v10.
    public var atSource: StageTimeSource?
    public var reason: StageReason
    public var fit: Double
    public var engagement: Double
    public var total: Double
    public var modelHash: String

    public init(
        contactID: Int64, from: LifecycleStage?, to: LifecycleStage, at: Int64, reason: StageReason, fit: Double,
        engagement: Double, total: Double, modelHash: String, atSource: StageTimeSource? = nil
    ) {
        self.atSource = atSource
        self.contactID = contactID
        self.from = from
        self.to = to
        self.at = at
        self.reason = reason
        self.fit = fit
        self.engagement = engagement
        self.total = total
        self.modelHash = modelHash
    }
}

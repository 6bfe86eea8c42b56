/// A contact's stage after scoring, and why.
public struct StageDecision: Sendable, Equatable, Codable {
    public var stage: LifecycleStage
    public var reason: StageReason

    public init(stage: LifecycleStage, reason: StageReason) {
        self.stage = stage
        self.reason = reason
    }
}

/// One `push:` entry: a value LeadBridge computes, written to a remote field, and what to do when sales changed it.
public struct PushFieldRule: Sendable, Equatable {
    /// What LeadBridge may write.
    public enum Source: String, Sendable, CaseIterable {
        case leadScore = "lead_score"
        case fitScore = "fit_score"
        case engagementScore = "engagement_score"
        case leadGrade = "lead_grade"
        case lifecycleStage = "lifecycle_stage"
    }

    /// What to do when the remote value changed since LeadBridge last saw or wrote it.
    public enum ConflictPolicy: String, Sendable, CaseIterable {
        /// Leave the remote value and record the conflict (default).
        case keep
        case overwrite
        /// The later change wins: the remote modified time against LeadBridge's computation time.
        case newest
        /// Write only when the remote field is empty.
        case fillBlank = "fill_blank"
    }

    public enum StageOrder: String, Sendable, CaseIterable {
        /// Never move a stage backwards (the default for stage fields).
        case neverDemote = "never_demote"
        case any
    }

    public var source: Source
    public var remoteField: String
    public var valueMap: [String: String]?
    public var whenRemoteChanged: ConflictPolicy
    public var stageOrder: StageOrder
    public var position: String
}

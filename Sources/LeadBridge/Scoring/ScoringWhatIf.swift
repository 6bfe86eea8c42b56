/// A candidate scoring model next to the current one on the same contacts (`audit --model candidate.yml`).
///
/// Both models are evaluated the same way by the scoring engine (see ``ModelEvaluation``), on the review window's
/// contacts, against the same outcomes (the current model's `audit.converted_stages`) and bands; nothing is
/// written to the store.
public struct ScoringWhatIf: Sendable, Equatable, Codable {
    /// The candidate's file, as given.
    public var candidateFile: String
    public var current: ModelEvaluation
    public var candidate: ModelEvaluation
    /// Contacts whose stage differs between the two models, by stage pair, most first.
    public var stageChanges: [StageChange] = []
    /// Contacts that would move stage: the sum of ``stageChanges``.
    public var stageChangeCount = 0
    /// Settings of the candidate's that the comparison does not use (its converted stages, bands, SLA).
    public var ignored: [String] = []

    public init(candidateFile: String, current: ModelEvaluation, candidate: ModelEvaluation) {
        self.candidateFile = candidateFile
        self.current = current
        self.candidate = candidate
    }
}

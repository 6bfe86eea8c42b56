/// Evidence for the quarterly review: do scores predict sales outcomes, and does sales pick MQLs up in time?
///
/// Made by ``LeadStore/audit(model:asOf:slaHours:window:)``; rendered by the CLI as text or JSON, or as a self-contained
/// HTML page by ``ScoringAuditHTML``.
public struct ScoringAudit: Sendable, Equatable, Codable {
    public var asOf: Int64
    public var modelHash: String
    /// The review window: which contacts are counted (nil: every scored contact).
    public var window: ReviewWindow?
    /// Scored contacts considered (those in the window).
    public var contacts = 0
    /// Scored contacts left out because their review date falls outside the window.
    public var outsideWindow = 0
    /// Scored contacts left out because they have no review date (no stage transition, no creation time).
    public var undated = 0
    /// The stages that count as converted (the model's `audit.converted_stages`), funnel order.
    public var convertedStages: [String] = []
    /// Contacts whose highest stage ever reached (the stage history and the current CRM stage) is one of
    /// ``convertedStages`` or later.
    public var convertedCount = 0
    /// Converters with their score before conversion (at most ``listLimit``, highest total first).
    public var converters: [AuditConverter] = []
    /// Conversion by the model's total-score bands.
    public var bands: [BandConversion] = []
    /// Total scores in 10-point bins (below 0 in the first), for the histogram.
    public var histogram: [BandConversion] = []
    public var separation = MQLSeparation()
    public var handoff: HandoffSummary
    /// The time the scoring engine evaluated the contacts as of, for ``rules`` and ``whatIf``: the stored scores'
    /// (a converter's as of when sales first took it); nil when nothing is scored.
    public var evaluatedAt: Int64?
    /// Which rules predict conversion: every rule of the model, with the converters and non-converters it fired
    /// for (see ``ModelEvaluation``).
    public var rules: [RuleConversion] = []
    /// The fewest contacts a band's or a rule's rate is judged on (`audit.min_sample`, or `--min-sample`).
    public var minSample = ScoringModel.defaultMinSample
    /// The bands and rules whose rates rest on fewer than ``minSample`` contacts.
    public var warnings: [SampleWarning] = []
    /// A candidate model next to the current one (`audit --model`); nil without one.
    public var whatIf: ScoringWhatIf?

    /// The most rows listed per table.
    public static let listLimit = 500
}

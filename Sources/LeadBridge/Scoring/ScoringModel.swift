import Foundation

/// A lead-scoring model: fit and engagement rules, grades, the MQL rule, as `config/scoring.yml` writes them.
///
/// Load it from a file (every problem is reported with its line and column), then score the store:
///
/// ```swift
/// let model = try ScoringModel.load(path: "config/scoring.yml")
/// let summary = try store.score(model: model, asOf: UTCTime.parse("2026-11-01")!)
/// print(summary.mqlCount, summary.newMQLs.count)
/// ```
///
/// The model's ``hash`` is stored with every score: it names the model, not the file's bytes, so comments and
/// white space do not change it.
public struct ScoringModel: Sendable, Equatable {
    /// Named lists of lower-cased domains; `free_mail` is built in (and may be extended under `lists:`).
    public var lists: [String: [String]]
    public var fit: [FitRule]
    public var engagement: EngagementModel
    public var mql: MQLRule
    public var grades: GradeThresholds
    public var bands: ScoreBands
    /// Hours sales has to accept an MQL (the MQL→SAL handoff SLA), for `audit` (`handoff.sla_hours`).
    public var slaHours: Double
    /// The stages that count as converted in `audit` (`audit.converted_stages`): a contact converted when the
    /// highest sales stage it ever reached is one of these or later.
    public var convertedStages: [LifecycleStage]
    /// The fewest contacts `audit` judges a band's or a rule's conversion rate on (`audit.min_sample`); a figure
    /// from fewer comes with a warning.
    public var minSample: Int

    /// The converted stages when the file names none.
    public static let defaultConvertedStages: [LifecycleStage] = [.sql, .opportunity, .customer]
    /// `audit.min_sample` when the file sets none.
    public static let defaultMinSample = 30

    public init(
        lists: [String: [String]] = [:], fit: [FitRule], engagement: EngagementModel, mql: MQLRule,
        grades: GradeThresholds, bands: ScoreBands = ScoreBands(bounds: [20, 40, 60, 80, 100]), slaHours: Double = 24,
        convertedStages: [LifecycleStage] = ScoringModel.defaultConvertedStages,
        minSample: Int = ScoringModel.defaultMinSample
    ) {
        var lists = lists
        lists[Self.freeMailList, default: []].append(contentsOf: Self.freeMailDomains)
        self.lists = lists.mapValues { Array(Set($0.map { $0.lowercased() })).sorted() }
        self.fit = fit
        self.engagement = engagement
        self.mql = mql
        self.grades = grades
        self.bands = bands
        self.slaHours = slaHours
        self.convertedStages = convertedStages
        self.minSample = minSample
    }

    /// The built-in list of free email providers.
    public static let freeMailList = "free_mail"

    static let freeMailDomains = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "hotmail.com", "hotmail.co.uk",
        "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "gmx.de", "gmx.net",
        "web.de", "mail.com", "proton.me", "protonmail.com", "zoho.com", "yandex.ru", "mail.ru", "qq.com",
        "163.com", "free.fr", "orange.fr", "libero.it",
    ]
}

/// The settings every API connection has: its call budgets, how far before the stored cursor a pull starts, and
/// how many records a page asks for.
public struct APISettings: Sendable, Equatable {
    /// `api_budget_per_run`: the most calls one run makes; nil for no limit.
    public var budgetPerRun: Int?
    /// `api_budget_per_day`: the most calls the runs of one UTC day make together; nil for no limit.
    public var budgetPerDay: Int?
    /// `lookback_minutes`: how far before the stored cursor the next pull starts (default 5).
    public var lookbackMinutes: Int
    /// `page_size`: records per page; nil for the connector's default (the API's largest page).
    public var pageSize: Int?
    /// `push_max_change_percent`: the push guard; a plan that overwrites non-empty values in more than this share
    /// of the connection's records is refused unless `--allow-mass-change` (default 20).
    public var pushMaxChangePercent: Int

    public init(budgetPerRun: Int? = nil, budgetPerDay: Int? = nil, lookbackMinutes: Int = 5, pageSize: Int? = nil,
                pushMaxChangePercent: Int = 20) {
        self.budgetPerRun = budgetPerRun
        self.budgetPerDay = budgetPerDay
        self.lookbackMinutes = lookbackMinutes
        self.pageSize = pageSize
        self.pushMaxChangePercent = pushMaxChangePercent
    }

    /// The keys of these settings in the config.
    static let keys = ["api_budget_per_run", "api_budget_per_day", "lookback_minutes", "page_size",
                       "push_max_change_percent"]

    /// The longest lookback accepted: a week.
    public static let maxLookbackMinutes = 10_080

    /// The calls this run may make: the smaller of the per-run budget and what the per-day budget leaves after
    /// `callsUsedToday`; nil when neither is set.
    public func budget(callsUsedToday: Int) -> Int? {
        [budgetPerRun, budgetPerDay.map { max($0 - callsUsedToday, 0) }].compactMap { $0 }.min()
    }
}

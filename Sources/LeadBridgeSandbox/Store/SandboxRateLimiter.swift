/// The vendors' request budgets, counted in sandbox time.
actor SandboxRateLimiter {
    struct HubSpotBudget: Sendable {
        var allowed: Bool
        var max: Int
        var remaining: Int
        var dailyMax: Int
        var dailyRemaining: Int
    }

    enum MarketoAdmission: Sendable, Equatable {
        case admitted
        case rateLimited
        case dailyQuota
        case concurrency
    }

    private let limits: SandboxRateLimits
    private let clock: SandboxClock
    private var hubSpotRecent: [Double] = []
    private var hubSpotDaily = 0
    private var hubSpotSearchRecent: [Double] = []
    private var salesforceDaily = 0
    private var marketoRecent: [Double] = []
    private var marketoDaily = 0
    private var marketoInFlight = 0
    private var pardotDaily = 0

    init(limits: SandboxRateLimits, clock: SandboxClock) {
        self.limits = limits
        self.clock = clock
    }

    /// Counts a HubSpot request against the rolling 10-second window and the day.
    func admitHubSpot() -> HubSpotBudget {
        let now = clock.elapsedSeconds()
        hubSpotRecent.removeAll { $0 <= now - 10 }
        let max = limits.hubSpotRequestsPerTenSeconds ?? Int.max
        guard hubSpotRecent.count < max else {
            return HubSpotBudget(allowed: false, max: max, remaining: 0, dailyMax: limits.hubSpotRequestsPerDay,
                                 dailyRemaining: Swift.max(0, limits.hubSpotRequestsPerDay - hubSpotDaily))
        }
        if limits.hubSpotRequestsPerTenSeconds != nil { hubSpotRecent.append(now) }
        hubSpotDaily += 1
        return HubSpotBudget(
            allowed: true, max: max, remaining: max == Int.max ? max : max - hubSpotRecent.count,
            dailyMax: limits.hubSpotRequestsPerDay,
            dailyRemaining: Swift.max(0, limits.hubSpotRequestsPerDay - hubSpotDaily)
        )
    }

    /// Counts a HubSpot search request against the search endpoints' limit per second (a rolling window); false
    /// when it is spent.
    func admitHubSpotSearch() -> Bool {
        guard let limit = limits.hubSpotSearchRequestsPerSecond else { return true }
        let now = clock.elapsedSeconds()
        let window = limits.hubSpotSearchWindow
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        hubSpotSearchRecent.removeAll { $0 <= now - seconds }
        guard hubSpotSearchRecent.count < limit else { return false }
        hubSpotSearchRecent.append(now)
        return true
    }

    /// Counts a Salesforce request; returns the usage after it and whether it was within the daily limit.
    func admitSalesforce() -> (allowed: Bool, used: Int, limit: Int?) {
        guard let limit = limits.salesforceRequestsPerDay else {
            salesforceDaily += 1
            return (true, salesforceDaily, nil)
        }
        guard salesforceDaily < limit else { return (false, salesforceDaily, limit) }
        salesforceDaily += 1
        return (true, salesforceDaily, limit)
    }

    /// Admits a Marketo call; an admitted call must be finished with `finishMarketo()`.
    func admitMarketo() -> MarketoAdmission {
        if let concurrent = limits.marketoConcurrentCalls, marketoInFlight >= concurrent { return .concurrency }
        if let daily = limits.marketoCallsPerDay, marketoDaily >= daily { return .dailyQuota }
        let now = clock.elapsedSeconds()
        marketoRecent.removeAll { $0 <= now - 20 }
        if let perWindow = limits.marketoCallsPerTwentySeconds {
            if marketoRecent.count >= perWindow { return .rateLimited }
            marketoRecent.append(now)
        }
        marketoDaily += 1
        marketoInFlight += 1
        return .admitted
    }

    func finishMarketo() { marketoInFlight = max(0, marketoInFlight - 1) }

    func admitPardot() -> Bool {
        if let limit = limits.pardotRequestsPerDay, pardotDaily >= limit { return false }
        pardotDaily += 1
        return true
    }

    func reset() {
        hubSpotRecent = []
        hubSpotDaily = 0
        hubSpotSearchRecent = []
        salesforceDaily = 0
        marketoRecent = []
        marketoDaily = 0
        marketoInFlight = 0
        pardotDaily = 0
    }
}

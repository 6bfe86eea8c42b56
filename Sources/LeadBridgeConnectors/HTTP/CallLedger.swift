/// One connection's API calls in a run: the budget they draw on and how many went to each endpoint.
///
/// Every attempt counts, retries included: they cost the remote quota just the same.
public actor CallLedger {
    /// Calls allowed in this run; nil for no limit.
    public let budget: Int?
    public private(set) var used = 0
    private var perEndpoint: [String: Int] = [:]

    public init(budget: Int? = nil) {
        self.budget = budget
    }

    /// Takes one call from the budget for `endpoint`, or throws ``APIError/Code/budgetExhausted``.
    public func reserve(_ endpoint: String) throws(APIError) {
        if let budget, used >= budget {
            throw APIError(.budgetExhausted, endpoint: endpoint, message:
                "the API-call budget of this run (\(budget) calls, from api_budget_per_run and what is left of "
                    + "api_budget_per_day) is spent; the next run resumes where this one stopped")
        }
        used += 1
        perEndpoint[endpoint, default: 0] += 1
    }

    /// Calls per endpoint (`METHOD /path`).
    public func counts() -> [String: Int] { perEndpoint }
}

/// The request budgets the sandbox enforces, with each vendor's own signal when one runs out.
///
/// Defaults follow the vendors' published limits for a typical paid account; tests lower them to trigger the
/// signals quickly. `nil` disables a limit.
public struct SandboxRateLimits: Sendable {
    /// HubSpot: requests per rolling 10-second window (private apps on Professional/Enterprise: 190). Exceeding it
    /// answers 429 with the `TEN_SECONDLY_ROLLING` body.
    public var hubSpotRequestsPerTenSeconds: Int?
    /// HubSpot: requests per second to the CRM search endpoints (`POST /crm/v3/objects/{type}/search`), per account:
    /// 5. Exceeding it answers 429 with the `SECONDLY` body; these requests count in the 10-second window too.
    /// https://developers.hubspot.com/docs/api/crm/search (Limitations)
    public var hubSpotSearchRequestsPerSecond: Int?
    /// The window of `hubSpotSearchRequestsPerSecond`: one second, as HubSpot counts; tests lengthen it so that a
    /// slow machine cannot spread their requests over several windows.
    public var hubSpotSearchWindow: Duration = .seconds(1)
    /// HubSpot: requests per day (`X-HubSpot-RateLimit-Daily`).
    public var hubSpotRequestsPerDay: Int
    /// Salesforce: API requests per 24 hours; exceeding it answers 403 `REQUEST_LIMIT_EXCEEDED`.
    public var salesforceRequestsPerDay: Int?
    /// Marketo: calls per 20 seconds (100); exceeding it answers error 606.
    public var marketoCallsPerTwentySeconds: Int?
    /// Marketo: calls per day (50,000); exceeding it answers error 607.
    public var marketoCallsPerDay: Int?
    /// Marketo: concurrent calls (10); exceeding it answers error 615.
    public var marketoConcurrentCalls: Int?
    /// Pardot: API requests per day; exceeding it answers error 122.
    public var pardotRequestsPerDay: Int?
    /// Marketo Bulk Extract: export jobs processing at once (2); the others wait `Queued`.
    public var marketoExportJobsProcessing: Int = 2
    /// Marketo Bulk Extract: export jobs queued, those processing included (10); enqueuing one more answers 1029
    /// "Too many jobs in queue".
    public var marketoExportJobsQueued: Int = 10
    /// Marketo Bulk Extract: bytes of export files per day (500 MB), counted when a job completes and reset at
    /// midnight US Central; once reached, creating or enqueuing a job answers 1029 "Export daily quota exceeded".
    public var marketoExportBytesPerDay: Int? = 500 * 1_024 * 1_024

    public init(
        hubSpotRequestsPerTenSeconds: Int? = 190,
        hubSpotSearchRequestsPerSecond: Int? = 5,
        hubSpotRequestsPerDay: Int = 1_000_000,
        salesforceRequestsPerDay: Int? = 100_000,
        marketoCallsPerTwentySeconds: Int? = 100,
        marketoCallsPerDay: Int? = 50_000,
        marketoConcurrentCalls: Int? = 10,
        pardotRequestsPerDay: Int? = 100_000,
        marketoExportBytesPerDay: Int? = 500 * 1_024 * 1_024
    ) {
        self.hubSpotRequestsPerTenSeconds = hubSpotRequestsPerTenSeconds
        self.hubSpotSearchRequestsPerSecond = hubSpotSearchRequestsPerSecond
        self.hubSpotRequestsPerDay = hubSpotRequestsPerDay
        self.salesforceRequestsPerDay = salesforceRequestsPerDay
        self.marketoCallsPerTwentySeconds = marketoCallsPerTwentySeconds
        self.marketoCallsPerDay = marketoCallsPerDay
        self.marketoConcurrentCalls = marketoConcurrentCalls
        self.pardotRequestsPerDay = pardotRequestsPerDay
        self.marketoExportBytesPerDay = marketoExportBytesPerDay
    }

    /// No limits at all: for benchmarks.
    public static let unlimited = SandboxRateLimits(
        hubSpotRequestsPerTenSeconds: nil, hubSpotSearchRequestsPerSecond: nil, salesforceRequestsPerDay: nil,
        marketoCallsPerTwentySeconds: nil, marketoCallsPerDay: nil, marketoConcurrentCalls: nil,
        pardotRequestsPerDay: nil, marketoExportBytesPerDay: nil
    )
}

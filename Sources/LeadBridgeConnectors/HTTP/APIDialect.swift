/// How one vendor's API signals errors: its error body, its expired-session and quota signals.
public struct APIDialect: Sendable {
    /// The API's error code and message from an error response, when the body has them.
    public var errorDetail: @Sendable (HTTPResponse) -> (code: String?, message: String?)
    /// The response says the access token is no longer valid (besides a plain 401).
    public var isSessionExpired: @Sendable (HTTPResponse) -> Bool
    /// The response says a quota that will not recover within this run is spent (a daily limit).
    public var isQuotaExhausted: @Sendable (HTTPResponse) -> Bool
    /// The rolling rate window the response announces, if the API announces one (see ``RatePacer``).
    public var rateWindow: @Sendable (HTTPResponse) -> RateWindow?
    /// Limits the vendor documents for some endpoints without announcing them (see ``RatePacer``).
    public var documentedLimits: [DocumentedRateLimit]

    public init(
        errorDetail: @escaping @Sendable (HTTPResponse) -> (code: String?, message: String?),
        isSessionExpired: @escaping @Sendable (HTTPResponse) -> Bool = { $0.status == 401 },
        isQuotaExhausted: @escaping @Sendable (HTTPResponse) -> Bool = { _ in false },
        rateWindow: @escaping @Sendable (HTTPResponse) -> RateWindow? = { _ in nil },
        documentedLimits: [DocumentedRateLimit] = []
    ) {
        self.errorDetail = errorDetail
        self.isSessionExpired = isSessionExpired
        self.isQuotaExhausted = isQuotaExhausted
        self.rateWindow = rateWindow
        self.documentedLimits = documentedLimits
    }
}

import Foundation

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
    /// What a whole response means (see ``ResponseAction``); `now` measures a `Retry-After` date. By default it is
    /// decided from the status and the signals above (``statusClassification(_:now:)``).
    public var classify: @Sendable (HTTPResponse, _ now: Date) -> ResponseAction

    public init(
        errorDetail: @escaping @Sendable (HTTPResponse) -> (code: String?, message: String?),
        isSessionExpired: @escaping @Sendable (HTTPResponse) -> Bool = { $0.status == 401 },
        isQuotaExhausted: @escaping @Sendable (HTTPResponse) -> Bool = { _ in false },
        rateWindow: @escaping @Sendable (HTTPResponse) -> RateWindow? = { _ in nil },
        documentedLimits: [DocumentedRateLimit] = [],
        classify: (@Sendable (HTTPResponse, _ now: Date) -> ResponseAction)? = nil
    ) {
        self.errorDetail = errorDetail
        self.isSessionExpired = isSessionExpired
        self.isQuotaExhausted = isQuotaExhausted
        self.rateWindow = rateWindow
        self.documentedLimits = documentedLimits
        self.classify = { _, _ in .ok }
        if let classify {
            self.classify = classify
        } else {
            let dialect = self
            self.classify = { response, now in dialect.statusClassification(response, now: now) }
        }
    }

    /// The classification of APIs that signal errors with the HTTP status (HubSpot, Salesforce): the session and
    /// quota signals first, then 207 as per-record errors, 429 and 5xx as retryable, other errors as fatal.
    public func statusClassification(_ response: HTTPResponse, now: Date) -> ResponseAction {
        let code = errorDetail(response).code
        if response.status == 401 || isSessionExpired(response) { return .sessionExpired(apiCode: code) }
        if isQuotaExhausted(response) { return .quotaSpent(apiCode: code) }
        switch response.status {
        case 207: return .recordErrors
        case 200..<300: return .ok
        case 429: return .rateLimited(retryAfter: response.retryAfter(now: now), apiCode: code)
        case 500, 502, 503, 504: return .unavailable(retryAfter: response.retryAfter(now: now), apiCode: code)
        case 403: return .fatal(.permission, apiCode: code)
        case 404: return .fatal(.notFound, apiCode: code)
        case 400..<500: return .fatal(.badRequest, apiCode: code)
        default: return .fatal(.server, apiCode: code)
        }
    }
}

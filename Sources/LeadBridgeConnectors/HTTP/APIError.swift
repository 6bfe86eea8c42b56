import LeadBridge

/// A remote API call that failed for good (after the retries the policy allows), with what a person needs to act:
/// the endpoint, the HTTP status, the API's own error code and message, and what to do.
///
/// Messages never contain credentials: requests are described by method and path only.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// 401 or the API's invalid-session signal, and fresh credentials did not help: check the credentials.
        case authentication
        /// 403: the credentials lack a scope or permission.
        case permission
        /// 404 or a wrong base URL answering something that is not the API.
        case notFound = "not_found"
        /// 400 and other client errors: the request is wrong (a field the remote does not have, a bad query).
        case badRequest = "bad_request"
        /// Rate limited and the retries were used up.
        case rateLimited = "rate_limited"
        /// The remote's own daily quota is spent: stop and resume tomorrow.
        case quotaExhausted = "quota_exhausted"
        /// This connection's own call budget (`api_budget_per_run`/`api_budget_per_day`) is spent.
        case budgetExhausted = "budget_exhausted"
        /// 5xx and the retries were used up.
        case server
        /// No response: refused, dropped, timed out, cut short, and the retries were used up.
        case network
        /// A success status with a body that is not what the API documents.
        case invalidResponse = "invalid_response"
        /// Paging returned a page token already seen: following it would never end.
        case pagingLoop = "paging_loop"
        /// A write that is not idempotent was sent, but no complete answer came back (dropped connection, cut-off
        /// body, 5xx): it may or may not have been applied. It is never resent; read the remote values and re-plan.
        case outcomeUnknown = "outcome_unknown"
    }

    public var code: Code
    /// `METHOD /path`, without query or credentials.
    public var endpoint: String
    public var status: Int?
    /// The API's own error code (`INVALID_SESSION_ID`, `VALIDATION_ERROR`, `RATE_LIMIT`…).
    public var apiCode: String?
    /// What went wrong and what to do.
    public var message: String

    public init(_ code: Code, endpoint: String, status: Int? = nil, apiCode: String? = nil, message: String) {
        self.code = code
        self.endpoint = endpoint
        self.status = status
        self.apiCode = apiCode
        self.message = message
    }

    /// Problems a person fixes in the configuration (credentials, base URL, mapping), not by waiting.
    public var isConfigurationProblem: Bool {
        switch code {
        case .authentication, .permission, .notFound, .badRequest: true
        case .network: status == nil && message.contains("cannot connect")
        default: false
        }
    }

    public var description: String {
        var text = "\(endpoint)"
        if let status { text += " → HTTP \(status)" }
        if let apiCode { text += " \(apiCode)" }
        return text + ": " + message
    }
}

extension APIError: RemoteFailure {
    /// A 400 (or 422) for the request's content.
    public var refusedTheData: Bool { code == .badRequest && (status == 400 || status == 422) }
}

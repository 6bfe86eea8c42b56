/// What a whole response means, as the API's dialect reads it (status, headers and body): the one decision the
/// ``HTTPClient`` acts on. Marketo, for one, answers its errors inside HTTP 200, so the status alone cannot say.
public enum ResponseAction: Sendable, Equatable {
    /// A success: decode the body.
    case ok
    /// A success whose body reports records that failed (HubSpot 207 multi-status, Marketo `status: skipped`):
    /// decode it into per-record results (``RecordWriteResult``); not an error of the request.
    case recordErrors
    /// The access token is invalid or expired (401, Salesforce `INVALID_SESSION_ID`, Marketo 601/602): sign in
    /// again and resend once.
    case sessionExpired(apiCode: String?)
    /// Too many requests for now (429, Marketo 606/615): wait `retryAfter` (nil: back off) and resend.
    case rateLimited(retryAfter: Duration?, apiCode: String?)
    /// The API is briefly unavailable (502/503/504, Marketo 604/608/611/713): back off and resend.
    case unavailable(retryAfter: Duration?, apiCode: String?)
    /// A quota that will not recover within this run is spent (HubSpot DAILY, Salesforce
    /// `REQUEST_LIMIT_EXCEEDED`, Marketo 607): stop the run cleanly with partial success.
    case quotaSpent(apiCode: String?)
    /// Resending will not help: the request or the configuration is wrong.
    case fatal(APIError.Code, apiCode: String?)
}

/// A fault to inject into the next `count` matching requests, through `POST /__sandbox/faults` or
/// ``RunningSandbox/injectFault(_:)``.
///
/// ```json
/// {"kind": "status", "status": 503, "count": 2, "vendor": "hubspot"}
/// ```
public struct SandboxFault: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// Answer with `status` (429, 500, 503…) and the vendor's generic error body.
        case status
        /// Answer with the vendor's own rate-limit signal: HubSpot 429 `TEN_SECONDLY_ROLLING`, Salesforce 403
        /// `REQUEST_LIMIT_EXCEEDED`, Marketo 200 with error 606, Pardot error 122.
        case rateLimit
        /// Wait `delayMilliseconds`, then answer normally.
        case delay
        /// Send the headers and half of the body, then close the connection.
        case truncate
        /// Close the connection without a complete answer: the status line and headers go out, the body they
        /// promise never does (a 204 goes out as a 200 with a `Content-Length`, so that the cut shows).
        case drop
        /// Expire the vendor's issued access tokens, then answer normally (so the request fails with the vendor's
        /// expired-token error: Salesforce `INVALID_SESSION_ID`, Marketo 602, Pardot 184, HubSpot 401).
        case tokenExpiry
        /// Answer 200 with a hostile XML body instead of the real one: a DOCTYPE declaring an external entity
        /// (`file:///etc/passwd`) and a billion-laughs entity, referenced in a Pardot `<rsp stat="ok">` envelope
        /// (for any vendor: a client must refuse it unread).
        case hostileXML
        /// Answer with the vendor's daily-quota signal (Marketo 200 with error 607; the others their rate-limit
        /// signal).
        case dailyQuota
        /// Marketo Bulk Extract: the export job the request names (`…/export/{exportId}/…`) ends `Failed` before the
        /// request is answered, as a real job does when its extraction breaks.
        case exportFailure
    }

    public var kind: Kind
    /// How many matching requests the fault applies to.
    public var count: Int
    /// Only requests to this vendor; nil matches all four.
    public var vendor: SandboxVendor?
    /// Only requests whose path contains this text.
    public var pathContains: String?
    /// For `.status`.
    public var status: Int?
    /// For `.delay`.
    public var delayMilliseconds: Int?

    public init(kind: Kind, count: Int = 1, vendor: SandboxVendor? = nil, pathContains: String? = nil,
                status: Int? = nil, delayMilliseconds: Int? = nil) {
        self.kind = kind
        self.count = count
        self.vendor = vendor
        self.pathContains = pathContains
        self.status = status
        self.delayMilliseconds = delayMilliseconds
    }
}

import Foundation

/// How Marketo's REST API signals errors: inside HTTP 200, as `{"success": false, "errors": [{"code": "601"}]}`.
///
/// Response-level codes (6xx: the request failed and was not executed; 7xx: it was wrong):
/// - 601 access token invalid, 602 access token expired: sign in again.
/// - 606 rate limit (100 calls per 20 s) : wait out the 20-second window; 615 concurrent access limit (10): back
///   off.
/// - 607 daily quota reached: stop the run (partial success); it resets at midnight US Central. 1029 "Export daily
///   quota exceeded" (the bulk extract's 500 MB a day) stops it the same way; 1029 "Too many jobs in queue" (10
///   bulk export jobs queued in the instance) waits a minute and resends; 1029 "Job already queued" is fatal (the
///   bulk extract reads it as a job already on its way).
/// - 604 timed out, 608 temporarily unavailable, 611 system error, 713 transient error: back off and resend.
/// - 603 access denied: permissions; 610 resource not found: the base URL; any other: fatal.
///
/// A success whose `result` holds a record with `status: skipped` carries per-record errors (its `reasons`).
/// HTTP-level errors (413, 414, 5xx from the edge) are classified by status.
public enum MarketoDialect {
    public static let dialect = APIDialect(
        errorDetail: { response in
            guard let error = envelope(response)?.errors?.first else { return (nil, nil) }
            return (error.code, error.message)
        },
        isSessionExpired: { response in
            response.status == 401 || ["601", "602"].contains(envelope(response)?.errors?.first?.code ?? "")
        },
        isQuotaExhausted: { ["607", "1029"].contains(envelope($0)?.errors?.first?.code ?? "") },
        documentedLimits: [rateLimit(callsPer20Seconds: 100)],
        classify: classify)

    /// Marketo's rate window: 100 calls per 20 seconds.
    public static let rateWindowSeconds = 20

    /// How long a full bulk export queue (1029 "Too many jobs in queue") is waited out before the enqueue is sent
    /// again: the job status Marketo reports changes at most once a minute.
    public static let fullQueueWait = Duration.seconds(60)

    /// Marketo's documented limit of calls per instance, 100 per 20 seconds, which no response announces: every
    /// endpoint counts (REST and bulk alike). `callsPer20Seconds` lower than 100 leaves room for the instance's other
    /// integrations. A new pacer starts with an empty window (``DocumentedRateLimit/startsSpent`` false): waiting
    /// 20 s at the start of every run would cost more than the 606 it could spare once in a while, which waits out
    /// the window anyway.
    /// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/marketo-integration-best-practices
    public static func rateLimit(callsPer20Seconds: Int) -> DocumentedRateLimit {
        DocumentedRateLimit(name: "Marketo calls per 20 s", max: max(callsPer20Seconds, 1),
                            per: .seconds(rateWindowSeconds)) { _ in true }
    }

    static func classify(_ response: HTTPResponse, now: Date) -> ResponseAction {
        guard (200..<300).contains(response.status) else {
            return dialect.statusClassification(response, now: now)
        }
        // A 2xx without the envelope is left to the decoder (unreadable) as with every API.
        guard let envelope = envelope(response) else { return .ok }
        if envelope.success == false {
            let code = envelope.errors?.first?.code
            switch code {
            case "601", "602": return .sessionExpired(apiCode: code)
            case "606": return .rateLimited(retryAfter: .seconds(rateWindowSeconds), apiCode: code)
            case "615": return .rateLimited(retryAfter: nil, apiCode: code)
            case "1029" where message(envelope).contains("too many jobs"):
                return .rateLimited(retryAfter: fullQueueWait, apiCode: code)
            case "1029" where message(envelope).contains("already queued"):
                return .fatal(.badRequest, apiCode: code)
            case "607", "1029": return .quotaSpent(apiCode: code)
            case "604", "608", "611", "713": return .unavailable(retryAfter: nil, apiCode: code)
            case "603": return .fatal(.permission, apiCode: code)
            case "610": return .fatal(.notFound, apiCode: code)
            default: return .fatal(.badRequest, apiCode: code)
            }
        }
        if envelope.result?.contains(where: { $0.status == "skipped" }) == true { return .recordErrors }
        return .ok
    }

    /// The first error's message, lower-cased ("" when none).
    static func message(_ envelope: MarketoWire.Envelope) -> String {
        envelope.errors?.first?.message?.lowercased() ?? ""
    }

    static func envelope(_ response: HTTPResponse) -> MarketoWire.Envelope? {
        try? JSONDecoder().decode(MarketoWire.Envelope.self, from: response.body)
    }
}

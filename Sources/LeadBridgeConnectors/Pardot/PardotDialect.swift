import Foundation
import LeadBridge

/// How Pardot's (Account Engagement) XML API v4 signals errors: `<rsp stat="fail"><err code="N">message</err></rsp>`,
/// read from the whole response whatever its HTTP status (the API answers most errors with 200 or 400).
///
/// https://developer.salesforce.com/docs/marketing/pardot/guide/error-codes.html
/// - 184 access token invalid, unverified or expired (and 1, the v3 "invalid API key or user key"): sign in again,
///   once.
/// - 122 daily API rate limit met: stop the run cleanly with partial success; the next run resumes.
/// - 66 too many concurrent requests (at most 5 at a time): back off and resend.
/// - 181/201 the `Pardot-Business-Unit-Id` header is missing or names no active business unit: configuration.
/// - 4 invalid prospect id: not found; any other code: the request is wrong.
///
/// A response whose prolog declares a DOCTYPE is refused at once (``hostileCode``) and never retried: an API
/// never needs one, and libxml2 is never asked to read it.
public enum PardotDialect {
    /// The API code of a refused (hostile) response.
    public static let hostileCode = "hostile_xml"

    public static let dialect = APIDialect(
        errorDetail: { response in
            if let refusal = refusal(response) { return (hostileCode, refusal) }
            guard let failure = failure(response) else { return (nil, nil) }
            return (failure.code, failure.message.map { "Pardot error \(failure.code ?? "?"): \($0)" })
        },
        isSessionExpired: { response in
            response.status == 401 || ["184", "1"].contains(failure(response)?.code ?? "")
        },
        isQuotaExhausted: { failure($0)?.code == "122" },
        classify: classify)

    static func classify(_ response: HTTPResponse, now: Date) -> ResponseAction {
        if refusal(response) != nil { return .fatal(.invalidResponse, apiCode: hostileCode) }
        guard let failure = failure(response) else {
            guard (200..<300).contains(response.status) else {
                return dialect.statusClassification(response, now: now)
            }
            return .ok
        }
        let code = failure.code
        switch code {
        case "184", "1": return .sessionExpired(apiCode: code)
        case "122": return .quotaSpent(apiCode: code)
        case "66": return .rateLimited(retryAfter: nil, apiCode: code)
        case "181", "201": return .fatal(.authentication, apiCode: code)
        case "4": return .fatal(.notFound, apiCode: code)
        default:
            if response.status >= 500 { return .unavailable(retryAfter: nil, apiCode: code) }
            return .fatal(.badRequest, apiCode: code)
        }
    }

    /// The code and message of a `<rsp stat="fail">` answer, parsed with the safe reader; nil for any other body.
    static func failure(_ response: HTTPResponse) -> (code: String?, message: String?)? {
        let head = String(decoding: response.body.prefix(512), as: UTF8.self)
        guard head.contains("<rsp"), head.contains("fail") else { return nil }
        guard var reader = try? XMLExportReader(bytes: response.body, name: "Pardot error", recordElement: "rsp"),
              case .record(let record)? = try? reader.next(), record["@stat"] == "fail"
        else { return nil }
        return (record["err.@code"], record["err"])
    }

    /// Why a response is refused unread: its prolog declares a DOCTYPE (a DTD, entities, external resources).
    static func refusal(_ response: HTTPResponse) -> String? {
        let body = response.body
        guard body.count > 0 else { return nil }
        do {
            try body.withUnsafeBytes { raw in
                try XMLPrologInspector.refuseDoctype(in: raw.bindMemory(to: UInt8.self), name: "Pardot response")
            }
            return nil
        } catch let error as SourceError {
            return error.message
        } catch {
            return "\(error)"
        }
    }
}

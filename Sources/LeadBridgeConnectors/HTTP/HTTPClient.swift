import Foundation
import LeadBridge
import Logging

/// The shared HTTP layer of the connectors: authorization, retries with back-off, the call budget and counts.
///
/// The side effects come in through seams: the ``HTTPTransport``, the clock that sleeps between retries, the
/// random source of the jitter and the wall clock for `Retry-After` dates, so tests run against the sandbox
/// without waiting.
///
/// ```swift
/// let client = HTTPClient(transport: URLSessionTransport(), dialect: HubSpotSource.dialect,
///                         authenticator: StaticToken(token), ledger: CallLedger(budget: 5_000), logger: logger)
/// let page: SearchResponse = try await client.json(endpoint: "POST /crm/v3/objects/contacts/search") { token in
///     HTTPRequest(.post, url, headers: ["Authorization": "Bearer \(token!.value.reveal())"], body: body)
/// }
/// ```
public struct HTTPClient: Sendable {
    public var transport: any HTTPTransport
    public var dialect: APIDialect
    public var authenticator: (any Authenticator)?
    public var ledger: CallLedger
    public var retry: RetryPolicy
    public var clock: any Clock<Duration>
    public var random: @Sendable () -> Double
    public var wallClock: @Sendable () -> Date
    public var logger: Logger
    /// Paces requests to the rate window the API announces (``APIDialect/rateWindow``) and the limits it documents
    /// (``APIDialect/documentedLimits``), on `clock`.
    public let pacer: RatePacer

    public init(
        transport: any HTTPTransport, dialect: APIDialect, authenticator: (any Authenticator)?,
        ledger: CallLedger = CallLedger(), retry: RetryPolicy = RetryPolicy(),
        clock: any Clock<Duration> = ContinuousClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        wallClock: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.transport = transport
        self.dialect = dialect
        self.authenticator = authenticator
        self.ledger = ledger
        self.retry = retry
        self.clock = clock
        self.random = random
        self.wallClock = wallClock
        self.logger = logger
        self.pacer = RatePacer(limits: dialect.documentedLimits, clock: clock)
    }

    /// Sends a request and decodes its JSON body into `T`, retrying as the policy says.
    ///
    /// - Parameters:
    ///   - endpoint: `METHOD /path` with ids replaced by placeholders: the key of the call counts and messages.
    ///   - build: makes the request for the current token (nil without an authenticator); called per attempt.
    /// - Throws: ``APIError``.
    public func json<T: Decodable & Sendable>(
        _ type: T.Type = T.self, endpoint: String, build: @Sendable (AccessToken?) throws(APIError) -> HTTPRequest
    ) async throws(APIError) -> T {
        try await send(endpoint: endpoint, build: build) { response in
            try JSONDecoder().decode(T.self, from: response.body)
        }
    }

    /// Sends a request and turns its success response into `T` with `decode`, acting on the dialect's
    /// ``ResponseAction``: re-authorizes once on an expired session, waits and resends when rate-limited or
    /// unavailable, throws at once on a spent quota or a fatal answer. A throwing `decode` makes the body unreadable,
    /// which is retried like a dropped connection, for idempotent requests only: a write that may have been applied
    /// (dropped after sending, unreadable answer, 5xx) throws ``APIError/Code/outcomeUnknown`` and is never resent.
    public func send<T: Sendable>(
        endpoint: String, build: @Sendable (AccessToken?) throws(APIError) -> HTTPRequest,
        decode: (HTTPResponse) throws -> T
    ) async throws(APIError) -> T {
        var attempt = 0
        var reauthorized = false
        while true {
            attempt += 1
            try await ledger.reserve(endpoint)
            let token = try await authenticator?.token()
            let request = try build(token)
            let outcome: RetryPolicy.Outcome
            var failure: APIError
            do {
                try await pacer.admit(endpoint)
            } catch {
                throw APIError(.network, endpoint: endpoint, message: "cancelled while waiting for the rate window")
            }
            let sent: Result<HTTPResponse, TransportError>
            do throws(TransportError) {
                sent = .success(try await transport.send(request))
            } catch {
                sent = .failure(error)
            }
            await pacer.finish(endpoint)
            do {
                let response = try sent.get()
                await pacer.observe(dialect.rateWindow(response))
                let action = dialect.classify(response, wallClock())
                if case .sessionExpired = action, let authenticator, let token {
                    let detail = dialect.errorDetail(response)
                    if !reauthorized, await authenticator.invalidate(token) {
                        reauthorized = true
                        attempt -= 1
                        logger.info("access token rejected; acquiring a new one", metadata: [
                            "http.endpoint": "\(endpoint)", "api.code": "\(detail.code ?? "-")"])
                        continue
                    }
                    throw APIError(.authentication, endpoint: endpoint, status: response.status, apiCode: detail.code,
                        message: "the credentials were rejected (\(detail.message ?? "no detail")); check the "
                            + "connection's token or client credentials")
                }
                switch action {
                case .ok, .recordErrors:
                    do {
                        return try decode(response)
                    } catch {
                        failure = APIError(.invalidResponse, endpoint: endpoint, status: response.status,
                            message: "the response body is not what the API documents (\(Self.short(error))); "
                                + "check the base URL")
                        // A write whose answer cannot be read was still applied: never resend it.
                        guard request.idempotent else { throw Self.outcomeUnknown(endpoint, "its answer was "
                            + "unreadable (\(Self.short(error)))", status: response.status) }
                        outcome = .unreadableBody
                    }
                case .quotaSpent:
                    let detail = dialect.errorDetail(response)
                    throw APIError(.quotaExhausted, endpoint: endpoint, status: response.status, apiCode: detail.code,
                        message: "the API's own quota is spent (\(detail.message ?? "no detail")); the next run "
                            + "resumes where this one stopped")
                case .rateLimited(let after, _):
                    // Refused for the rate: nothing was executed, so even a write may be resent.
                    failure = Self.error(for: response, endpoint: endpoint, dialect: dialect, code: .rateLimited)
                    outcome = (200..<300).contains(response.status) ? .throttled(retryAfter: after)
                        : .response(status: response.status, retryAfter: after)
                case .unavailable(let after, _):
                    failure = Self.error(for: response, endpoint: endpoint, dialect: dialect, code: .server)
                    // A 5xx to a write may come after it was applied; Marketo's 6xx say it was not executed.
                    if !request.idempotent, !(200..<300).contains(response.status) {
                        throw Self.outcomeUnknown(endpoint, "the API answered HTTP \(response.status)",
                                                  status: response.status)
                    }
                    outcome = (200..<300).contains(response.status) ? .throttled(retryAfter: after)
                        : .response(status: response.status, retryAfter: after)
                case .sessionExpired, .fatal:
                    var code: APIError.Code?
                    if case .fatal(let fatal, _) = action { code = fatal }
                    throw Self.error(for: response, endpoint: endpoint, dialect: dialect, code: code)
                }
            } catch let error as TransportError {
                outcome = .transport(error.code)
                failure = APIError(.network, endpoint: endpoint, message: error.code == .cannotConnect
                    ? "cannot connect (\(error.message)); check base_url and that the host is reachable"
                    : "no complete response (\(error.message))")
                // Refused before anything was sent is safe; a dropped write may have been applied.
                if !request.idempotent, error.code != .cannotConnect {
                    throw Self.outcomeUnknown(endpoint, "the connection dropped after it was sent (\(error.message))")
                }
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError(.network, endpoint: endpoint, message: "\(error)")
            }
            switch retry.decide(outcome, attempt: attempt, random: random()) {
            case .accept, .giveUp:
                throw failure
            case .retry(let delay):
                logger.notice("retrying after a transient failure", metadata: [
                    "http.endpoint": "\(endpoint)", "http.attempt": "\(attempt)",
                    "http.delay_ms": "\(Int((delay / .milliseconds(1)).rounded()))",
                    "http.failure": "\(failure.status.map(String.init) ?? failure.code.rawValue)"])
                do { try await clock.sleep(for: delay) } catch {
                    throw APIError(.network, endpoint: endpoint, message: "cancelled while waiting to retry")
                }
            }
        }
    }

    /// The error a failed response ends in: `code` as the dialect classified it, else from the status.
    static func error(for response: HTTPResponse, endpoint: String, dialect: APIDialect, code: APIError.Code? = nil)
        -> APIError
    {
        let detail = dialect.errorDetail(response)
        let remote = detail.message ?? String(decoding: response.body.prefix(200), as: UTF8.self)
        let byStatus: APIError.Code = switch response.status {
        case 403: .permission
        case 404: .notFound
        case 429: .rateLimited
        case 400..<500: .badRequest
        default: .server
        }
        let code = code ?? byStatus
        let advice = switch code {
        case .permission: "check the connection's scopes and permissions"
        case .notFound: "check base_url"
        case .rateLimited: "the API kept rate-limiting after every retry; lower the load or wait"
        case .badRequest: "check the mapping's field names against `leadbridge discover`"
        case .invalidResponse: "nothing of it was read or stored; check that base_url points at the vendor's API"
        default: "the API kept failing after every retry; try again later"
        }
        return APIError(code, endpoint: endpoint, status: response.status, apiCode: detail.code,
            message: "\(remote) (\(advice))")
    }

    /// A write that was sent and may have been applied: never resent.
    static func outcomeUnknown(_ endpoint: String, _ what: String, status: Int? = nil) -> APIError {
        APIError(.outcomeUnknown, endpoint: endpoint, status: status, message: "the write was sent but \(what): it "
            + "may or may not have been applied, so it is not resent; read the records' remote values and plan again")
    }

    private static func short(_ error: any Error) -> String {
        let text = "\(error)"
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}

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

    /// Sends a request and turns its success response into `T` with `decode`; a throwing `decode` makes the body
    /// unreadable, which is retried like a dropped connection.
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
                if let authenticator, let token, response.status == 401 || dialect.isSessionExpired(response) {
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
                if dialect.isQuotaExhausted(response) {
                    let detail = dialect.errorDetail(response)
                    throw APIError(.quotaExhausted, endpoint: endpoint, status: response.status, apiCode: detail.code,
                        message: "the API's own quota is spent (\(detail.message ?? "no detail")); the next run "
                            + "resumes where this one stopped")
                }
                if (200..<300).contains(response.status) {
                    do {
                        return try decode(response)
                    } catch {
                        outcome = .unreadableBody
                        failure = APIError(.invalidResponse, endpoint: endpoint, status: response.status,
                            message: "the response body is not what the API documents (\(Self.short(error))); "
                                + "check the base URL")
                    }
                } else {
                    outcome = .response(status: response.status, retryAfter: response.retryAfter(now: wallClock()))
                    failure = Self.error(for: response, endpoint: endpoint, dialect: dialect)
                }
            } catch let error as TransportError {
                outcome = .transport(error.code)
                failure = APIError(.network, endpoint: endpoint, message: error.code == .cannotConnect
                    ? "cannot connect (\(error.message)); check base_url and that the host is reachable"
                    : "no complete response (\(error.message))")
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

    static func error(for response: HTTPResponse, endpoint: String, dialect: APIDialect) -> APIError {
        let detail = dialect.errorDetail(response)
        let remote = detail.message ?? String(decoding: response.body.prefix(200), as: UTF8.self)
        let (code, advice): (APIError.Code, String) = switch response.status {
        case 403: (.permission, "check the connection's scopes and permissions")
        case 404: (.notFound, "check base_url")
        case 429: (.rateLimited, "the API kept rate-limiting after every retry; lower the load or wait")
        case 400..<500: (.badRequest, "check the mapping's field names against `leadbridge discover`")
        default: (.server, "the API kept failing after every retry; try again later")
        }
        return APIError(code, endpoint: endpoint, status: response.status, apiCode: detail.code,
            message: "\(remote) (\(advice))")
    }

    private static func short(_ error: any Error) -> String {
        let text = "\(error)"
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}

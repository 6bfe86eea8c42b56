/// When to retry a request and how long to wait first: pure decisions, acted on by ``HTTPClient``.
///
/// Retries 429, 500, 502, 503 and 504, interrupted transfers and unreadable success bodies, with exponential
/// back-off and jitter; a `Retry-After` the server sends wins over the computed delay. A refused connection is
/// not retried: it means a wrong base URL far more often than a blip, and the person should hear it at once.
public struct RetryPolicy: Sendable, Equatable {
    /// What one attempt produced.
    public enum Outcome: Sendable, Equatable {
        case response(status: Int, retryAfter: Duration?)
        case transport(TransportError.Code)
        /// A success status whose body could not be read (cut short, not the expected JSON).
        case unreadableBody
        /// The API asked to slow down or was briefly unavailable, whatever the status said (Marketo's 606 inside
        /// HTTP 200): retried, after `retryAfter` when given.
        case throttled(retryAfter: Duration?)
    }

    public enum Action: Sendable, Equatable {
        /// Use the response as it is (success, or an error that retrying will not fix).
        case accept
        case retry(after: Duration)
        /// Retrying might help but the attempts are used up.
        case giveUp
    }

    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The delay before the first retry; doubled for each further one.
    public var baseDelay: Duration
    /// The longest computed delay.
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; a longer one gives up (the run stops and resumes later).
    public var maxRetryAfter: Duration
    /// Spread of the random factor applied to computed delays: 0.5 means ×[0.5, 1.5].
    public var jitter: Double
    public static let retriedStatuses: Set<Int> = [429, 500, 502, 503, 504]

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
                maxRetryAfter: Duration = .seconds(120), jitter: Double = 0.5) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    /// Decides what to do after attempt number `attempt` (1-based).
    ///
    /// - Parameter random: a number in [0, 1) for the jitter (injected so that tests are repeatable).
    public func decide(_ outcome: Outcome, attempt: Int, random: Double) -> Action {
        let retryAfter: Duration?
        switch outcome {
        case .response(let status, let after):
            guard Self.retriedStatuses.contains(status) else { return .accept }
            retryAfter = after
        case .transport(let code):
            if code == .cannotConnect { return .giveUp }
            retryAfter = nil
        case .unreadableBody:
            retryAfter = nil
        case .throttled(let after):
            retryAfter = after
        }
        guard attempt < maxAttempts else { return .giveUp }
        if let retryAfter {
            return retryAfter > maxRetryAfter ? .giveUp : .retry(after: retryAfter)
        }
        return .retry(after: backoff(attempt: attempt, random: random))
    }

    /// `baseDelay × 2^(attempt-1)`, capped, times a jitter factor in [1 - jitter, 1 + jitter).
    public func backoff(attempt: Int, random: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        var delay = baseDelay * (1 << exponent)
        if delay > maxDelay { delay = maxDelay }
        let factor = 1 - jitter + 2 * jitter * min(max(random, 0), 1)
        return delay * factor
    }
}

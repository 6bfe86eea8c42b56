/// A rolling rate window an API announces in its response headers: at most `max` requests per `interval`, of
/// which `remaining` are left now (HubSpot's `X-HubSpot-RateLimit-Max`, `-Interval-Milliseconds`, `-Remaining`).
public struct RateWindow: Sendable, Equatable {
    public var max: Int
    public var interval: Duration
    public var remaining: Int

    public init(max: Int, interval: Duration, remaining: Int) {
        self.max = max
        self.interval = interval
        self.remaining = remaining
    }
}

/// Keeps a connection's requests inside the rate window its API announces and the limits it documents for some
/// endpoints, so that a long pull waits a little before a request instead of being refused with 429 and backing off
/// (measured against the sandbox with HubSpot's 190 requests per 10 s: a 50,000-contact pull took 85 s reacting to
/// 429s; see the README).
///
/// - The announced window: it remembers when its own last `max` requests went out; a request waits until the
///   oldest of them leaves the window. When the API says nothing is left (other clients share the app's window), it
///   waits for the oldest too.
/// - A documented limit (``DocumentedRateLimit``, HubSpot's 5 searches per second): a request to a covered
///   endpoint waits until fewer than `max` covered requests are in flight or ended within the last `interval`. It
///   counts a request from when its response arrived, the latest the server can have counted it, so that network
///   delays cannot squeeze `max + 1` requests into the server's window. A new pacer starts with an empty window,
///   unless the limit says it ``DocumentedRateLimit/startsSpent``: then it counts the limit as spent when it is made
///   (the limit is the account's, and the previous run may just have filled it), so its first covered request waits
///   one interval.
///
/// Time is the client's injected clock. One per connection, shared by every copy of its ``HTTPClient``.
public actor RatePacer {
    private var window: RateWindow?
    /// Send times of the requests still inside the announced window, oldest first.
    private var sent: [Duration] = []
    private let limits: [DocumentedRateLimit]
    /// Per documented limit: when its recent requests ended, oldest first, and how many are in flight.
    private var ended: [[Duration]]
    private var inFlight: [Int]
    private let clock: ElapsedClock

    /// - Parameters:
    ///   - limits: the vendor's documented per-endpoint limits (``APIDialect/documentedLimits``).
    ///   - clock: the client's clock: what it reads and sleeps on.
    public init(limits: [DocumentedRateLimit] = [], clock: any Clock<Duration> = ContinuousClock()) {
        self.limits = limits
        // A limit that starts spent counts `max` requests as ended at the pacer's creation (see
        // `DocumentedRateLimit.startsSpent`); any other starts with an empty window.
        self.ended = limits.map { $0.startsSpent ? Array(repeating: .zero, count: $0.max) : [] }
        self.inFlight = limits.map { _ in 0 }
        self.clock = ElapsedClock(clock)
    }

    /// Waits, if needed, until one more request to `endpoint` fits the announced window and the documented limits
    /// that cover it, and counts it. Every admitted request must be ended with ``finish(_:)``.
    public func admit(_ endpoint: String) async throws {
        let (full, windowWait) = windowDelay()
        let delay = max(windowWait, limitDelay(endpoint))
        if delay > .zero { try await clock.sleep(for: delay) }
        if let window {
            dropExpired(window.interval)
            if full { self.window?.remaining = Swift.max(window.remaining, 1) }
        }
        sent.append(clock.now)
        if let window, sent.count > window.max { sent.removeFirst(sent.count - window.max) }
        for index in limits.indices where limits[index].covers(endpoint) { inFlight[index] += 1 }
    }

    /// Ends a request ``admit(_:)`` let through, when its response (or failure) arrived.
    public func finish(_ endpoint: String) {
        let now = clock.now
        for index in limits.indices where limits[index].covers(endpoint) {
            inFlight[index] = Swift.max(inFlight[index] - 1, 0)
            ended[index].append(now)
            let excess = ended[index].count - limits[index].max
            if excess > 0 { ended[index].removeFirst(excess) }
        }
    }

    /// Learns the window from a response (nil: the response announced none; the last one known stays).
    public func observe(_ announced: RateWindow?) {
        guard let announced, announced.max > 0, announced.interval > .zero else { return }
        window = announced
    }

    /// Whether the announced window is full, and how long the next request waits for its oldest to leave.
    private func windowDelay() -> (full: Bool, delay: Duration) {
        guard let window else { return (false, .zero) }
        dropExpired(window.interval)
        let full = sent.count >= window.max || (window.remaining <= 0 && !sent.isEmpty)
        guard full, let oldest = sent.first else { return (false, .zero) }
        return (true, oldest + window.interval - clock.now)
    }

    /// How long the documented limits covering `endpoint` make it wait.
    private func limitDelay(_ endpoint: String) -> Duration {
        var delay = Duration.zero
        let now = clock.now
        for index in limits.indices where limits[index].covers(endpoint) {
            let limit = limits[index]
            let recent = ended[index].filter { $0 > now - limit.interval }
            guard inFlight[index] + recent.count >= limit.max else { continue }
            // The oldest of the requests that fill the limit must leave the window first; one still in flight
            // counts as ending now.
            let excess = inFlight[index] + recent.count - limit.max
            let leaving = excess < recent.count ? recent[excess] : now
            delay = max(delay, leaving + limit.interval - now)
        }
        return delay
    }

    private func dropExpired(_ interval: Duration) {
        let horizon = clock.now - interval
        if let keep = sent.firstIndex(where: { $0 > horizon }) {
            if keep > 0 { sent.removeFirst(keep) }
        } else {
            sent.removeAll()
        }
    }
}

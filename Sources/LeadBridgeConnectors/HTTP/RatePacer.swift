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

/// Keeps a connection's requests inside the rate window its API announces, so that a long pull waits a little
/// before a request instead of being refused with 429 and backing off (measured against the sandbox with
/// HubSpot's 190 requests per 10 s: a 50,000-contact pull took 85 s reacting to 429s; see the README).
///
/// It remembers when its own last `max` requests went out; a request waits until the oldest of them leaves the
/// window. When the API says nothing is left (other clients share the app's window), it waits for the oldest too.
/// One per connection, shared by every copy of its ``HTTPClient``.
public actor RatePacer {
    private var window: RateWindow?
    /// Send times of the requests still inside the window, oldest first.
    private var sent: [ContinuousClock.Instant] = []
    private let clock = ContinuousClock()

    public init() {}

    /// Waits, if needed, until one more request fits the window, and counts it.
    ///
    /// - Parameter sleep: how to wait (the client's clock).
    public func admit(sleep: (Duration) async throws -> Void) async throws {
        if let window {
            dropExpired(window)
            let full = sent.count >= window.max || (window.remaining <= 0 && !sent.isEmpty)
            if full, let oldest = sent.first {
                let delay = oldest.advanced(by: window.interval) - clock.now
                if delay > .zero { try await sleep(delay) }
                dropExpired(window)
                self.window?.remaining = Swift.max(window.remaining, 1)
            }
        }
        sent.append(clock.now)
        if let window, sent.count > window.max { sent.removeFirst(sent.count - window.max) }
    }

    /// Learns the window from a response (nil: the response announced none; the last one known stays).
    public func observe(_ announced: RateWindow?) {
        guard let announced, announced.max > 0, announced.interval > .zero else { return }
        window = announced
    }

    private func dropExpired(_ window: RateWindow) {
        let horizon = clock.now.advanced(by: .zero - window.interval)
        if let keep = sent.firstIndex(where: { $0 > horizon }) {
            if keep > 0 { sent.removeFirst(keep) }
        } else {
            sent.removeAll()
        }
    }
}

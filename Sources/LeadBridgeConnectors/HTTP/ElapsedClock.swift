/// An injected clock read as the time elapsed since a fixed origin, so that its instants can be kept and compared
/// whatever the clock's own `Instant` type (``HTTPClient`` holds `any Clock<Duration>`).
struct ElapsedClock: Sendable {
    let clock: any Clock<Duration>
    private let read: @Sendable () -> Duration

    init(_ clock: any Clock<Duration>) {
        self.clock = clock
        self.read = Self.reader(clock)
    }

    /// Time since this value was made.
    var now: Duration { read() }

    func sleep(for duration: Duration) async throws {
        try await clock.sleep(for: duration)
    }

    private static func reader<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let origin = clock.now
        return { origin.duration(to: clock.now) }
    }
}

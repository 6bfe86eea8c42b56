import Logging

/// What a job takes from the world, in one value: the time, a clock to wait on, and a logger.
///
/// The CLI builds one from the system clock and its logging setup; tests pass a fixed time, a clock they control
/// and a quiet logger. Below the CLI nothing reads the wall clock, sleeps or creates a logger on its own.
///
/// ```swift
/// let environment = JobEnvironment(now: { 1_790_000_000 }, clock: ContinuousClock(), logger: logger)
/// ```
public struct JobEnvironment: Sendable {
    /// The current time in whole seconds since 1970, UTC: what runs, cursors and scores record.
    public var now: @Sendable () -> Int64
    /// What waits (back-off, rate pacing) sleep on.
    public var clock: any Clock<Duration>
    /// The logger jobs log to and hand down, with their own metadata added.
    public var logger: Logger

    public init(now: @escaping @Sendable () -> Int64, clock: any Clock<Duration>, logger: Logger) {
        self.now = now
        self.clock = clock
        self.logger = logger
    }
}

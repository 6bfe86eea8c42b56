extension JobEnvironment {
    /// Starts measuring on the environment's clock; the returned closure gives the seconds elapsed since.
    ///
    /// Reports show how long a job took from this, so a test's clock decides what they say.
    public func stopwatch() -> @Sendable () -> Double {
        Self.stopwatch(on: clock)
    }

    /// ``stopwatch()`` on any clock counting in `Duration` (for code that holds a clock without an environment).
    public static func stopwatch(on clock: any Clock<Duration>) -> @Sendable () -> Double {
        func start<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Double {
            let started = clock.now
            return {
                let elapsed = started.duration(to: clock.now)
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
        }
        return start(clock)
    }
}

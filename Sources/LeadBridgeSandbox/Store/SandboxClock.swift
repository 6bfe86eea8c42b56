import Foundation

/// Sandbox time: a configured start instant advanced by the monotonic clock, so that the data (generated against
/// the start) and the modification stamps of writes stay consistent without reading the wall clock.
struct SandboxClock: Sendable {
    let start: Date
    let origin: ContinuousClock.Instant
    let advances: Bool

    init(start: Date, advances: Bool) {
        self.start = start
        self.origin = ContinuousClock.now
        self.advances = advances
    }

    func now() -> Date {
        guard advances else { return start }
        let elapsed = origin.duration(to: ContinuousClock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return start.addingTimeInterval(seconds)
    }

    /// Seconds since the sandbox started, for rate windows.
    func elapsedSeconds() -> Double {
        let elapsed = origin.duration(to: ContinuousClock.now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

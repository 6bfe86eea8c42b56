import LeadBridge
import Logging

extension JobEnvironment {
    /// A fixed time, the continuous clock and a logger that drops everything.
    static func fixed(at now: Int64) -> JobEnvironment {
        JobEnvironment(
            now: { now }, clock: ContinuousClock(),
            logger: Logger(label: "leadbridge.test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }
}

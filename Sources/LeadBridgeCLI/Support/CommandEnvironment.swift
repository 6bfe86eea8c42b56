import Foundation
import LeadBridge
import Logging

extension JobEnvironment {
    /// What a command hands the library's jobs: the system time and clock, and the command line's logger.
    ///
    /// Commands print their own outcome (and errors) on the terminal, so the logger is quiet by default; set
    /// `LEADBRIDGE_LOG_LEVEL` (trace, debug, info, notice, warning, error) to see what jobs log, on stderr.
    static func commandLine(_ command: String) -> JobEnvironment {
        var logger = Logger(label: "leadbridge.\(command)")
        logger.logLevel = ProcessInfo.processInfo.environment["LEADBRIDGE_LOG_LEVEL"]
            .flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return JobEnvironment(now: systemClock, clock: ContinuousClock(), logger: logger)
    }
}

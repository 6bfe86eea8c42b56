import ArgumentParser
import LeadBridge

/// `--as-of`: the time scores are computed for, so that a score can be reproduced later.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "As of this time (ISO 8601 date or time, UTC); default now.")
    var text: String?

    func validate() throws {
        if let text, UTCTime.parse(text) == nil {
            throw ValidationError("--as-of must be a date like 2026-11-01 or 2026-11-01T09:00:00Z")
        }
    }

    /// UTC seconds: the given time, or now.
    var seconds: Int64 { text.flatMap(UTCTime.parse) ?? systemClock() }
}

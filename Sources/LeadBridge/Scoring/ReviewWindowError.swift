/// A review window that cannot be built: a date that is not `YYYY-MM-DD`, or a first day after the last.
public struct ReviewWindowError: Error, Sendable, Equatable {
    public enum Code: Sendable, Equatable {
        case notADate
        case reversed
    }

    public var code: Code
    /// The text concerned.
    public var text: String
}

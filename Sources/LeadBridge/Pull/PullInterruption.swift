/// A source stopped before the end for a reason that is not a failure: what was stored stays, the cursor marks
/// where the next run resumes, and the run ends as `partial`.
public struct PullInterruption: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// The connection's API-call budget for this run or this day is spent.
        case budgetExhausted = "budget_exhausted"
        /// The remote API's own daily limit is reached.
        case remoteLimit = "remote_limit"
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}

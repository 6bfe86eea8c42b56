/// What sending a write came to: the decoded answer, or that it was sent without a complete answer.
public enum SentOutcome<Answer: Sendable>: Sendable {
    case answered(Answer)
    /// Sent, and it may or may not have been applied (``APIError/Code/outcomeUnknown``): never resend it blindly.
    case outcomeUnknown(APIError)
}

/// What one batch write to a ``RecordSink`` came to.
public enum WriteBatchOutcome: Sendable, Equatable {
    /// The remote answered, record by record (successes and per-record rejections alike).
    case answered([RecordWriteResult])
    /// The request was sent, but the connection dropped (or the answer was cut short) before a complete answer:
    /// some, all or none of the batch may be written. Never resend it blindly: read the remote values again and
    /// re-plan. The text says what happened, for the journal.
    case outcomeUnknown(String)
}

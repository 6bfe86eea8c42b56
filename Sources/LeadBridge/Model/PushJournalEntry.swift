/// One write batch of a push run, as journaled before it was sent and settled after.
public struct PushJournalEntry: Sendable, Equatable {
    /// Where a batch stands.
    public enum Status: String, Sendable, Codable {
        /// Journaled, not sent.
        case planned
        /// Sent, no answer yet (a run killed here left it so: its records are read again and re-planned).
        case sent
        /// Sent, and the connection dropped before the answer: re-planned after reading the remote values.
        case unknown
        /// The remote system answered (per-record results in `outcome`).
        case confirmed
        /// Refused as a whole (the error in `outcome`).
        case failed
    }

    public var runID: Int64
    public var seq: Int64
    public var planID: String
    public var planHash: String
    public var target: String
    public var object: String
    /// JSON: the batch as planned (`[{"id", "fields", "before"}]`), before sending.
    public var intent: String
    public var status: Status
    /// JSON: the per-record results, or the error.
    public var outcome: String?
    public var updatedAt: Int64

    public init(runID: Int64, seq: Int64, planID: String, planHash: String, target: String, object: String,
                intent: String, status: Status, outcome: String? = nil, updatedAt: Int64) {
        self.runID = runID
        self.seq = seq
        self.planID = planID
        self.planHash = planHash
        self.target = target
        self.object = object
        self.intent = intent
        self.status = status
        self.outcome = outcome
        self.updatedAt = updatedAt
    }
}

import GRDB

/// A row of `push_journal`: one write batch of a push run, journaled before it is sent and updated with its
/// outcome, so that a rerun after a crash knows what may have reached the remote system.
struct PushJournalRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "push_journal"

    /// Where a batch stands.
    enum Status: String, Sendable, Codable {
        /// Journaled, not sent.
        case planned
        /// Sent, no answer yet.
        case sent
        /// Sent, and the connection dropped before the answer: re-plan after reading the remote values.
        case unknown
        /// The remote system confirmed it (per-record results in `outcome`).
        case confirmed
        /// Refused as a whole (the error in `outcome`).
        case failed
    }

    var runID: Int64
    /// The batch's position in its run, from 1.
    var seq: Int64
    /// The saved plan the batch applies, and its content hash.
    var planID: String
    var planHash: String
    var target: String
    var object: String
    /// JSON: the batch as planned, before sending.
    var intent: String
    var status: Status
    /// JSON: the per-record results, or the error.
    var outcome: String?
    /// Seconds since 1970 (UTC).
    var updatedAt: Int64

    enum Columns {
        static let runID = Column(CodingKeys.runID)
        static let seq = Column(CodingKeys.seq)
        static let planID = Column(CodingKeys.planID)
        static let planHash = Column(CodingKeys.planHash)
        static let target = Column(CodingKeys.target)
        static let object = Column(CodingKeys.object)
        static let intent = Column(CodingKeys.intent)
        static let status = Column(CodingKeys.status)
        static let outcome = Column(CodingKeys.outcome)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case seq, target, object, intent, status, outcome
        case runID = "run_id"
        case planID = "plan_id"
        case planHash = "plan_hash"
        case updatedAt = "updated_at"
    }
}

/// What a push did to one target.
public struct PushReport: Sendable, Equatable {
    public var target: String
    public var runID: Int64
    /// Write batches sent, and the records and fields the remote confirmed.
    public var batches = 0
    public var recordsWritten = 0
    public var fieldsWritten = 0
    /// Fields planned as conflicts (left as they are), and writes that became conflicts because the remote
    /// changed after the plan was made.
    public var conflicts = 0
    public var changedSincePlan = 0
    /// Records the remote refused (with the API's reason, in the rejects table), by class: `rejected` by the
    /// API, `transient` (not sent or not answered for a reason that may pass), `invalid` before sending.
    public var rejected: [String: Int] = [:]
    /// Records a conditional write found changed remotely (nothing written; the next push reads them again).
    public var changedRemotely = 0
    /// Batches sent without a complete answer: their records are read again and re-planned by the next push.
    public var unknownBatches = 0
    /// Stage writes the remote answered as done but did not apply (HubSpot never moves a stage backwards).
    public var notTaken = 0
    /// Batches of earlier runs whose outcome was unknown, read again and re-planned by this one.
    public var replannedBatches = 0
    /// API calls per endpoint.
    public var apiCalls: [String: Int] = [:]
    /// The most records one write call takes.
    public var writeBatch = 0

    public init(target: String, runID: Int64) {
        self.target = target
        self.runID = runID
    }

    public var totalRejected: Int { rejected.values.reduce(0, +) }

    /// Whether anything needs a person: conflicts or refused records.
    public var needsAttention: Bool {
        conflicts > 0 || changedSincePlan > 0 || totalRejected > 0 || unknownBatches > 0 || notTaken > 0
    }
}

/// A push the guard refused: it would overwrite values in more of a target's records than allowed.
public struct PushGuardError: Error, Sendable, CustomStringConvertible {
    public var target: String
    public var records: Int
    public var liveRecords: Int
    public var percentAllowed: Int
    public var writesByField: [String: Int]

    public var description: String {
        let share = liveRecords == 0 ? 0 : Double(records) * 100 / Double(liveRecords)
        let fields = writesByField.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
        return "the plan overwrites values in \(records) of \(target)'s \(liveRecords) records ("
            + String(format: "%.1f", share) + "%), more than push_max_change_percent \(percentAllowed)%; "
            + "writes by field: \(fields). Review it with `leadbridge plan \(target) --html plan.html`, then run "
            + "again with --allow-mass-change (or raise push_max_change_percent in the connection)"
    }
}

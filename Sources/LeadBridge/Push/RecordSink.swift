/// A remote system LeadBridge writes fields back to (lead score, grade, lifecycle stage): the push side of a
/// ``Connector``.
///
/// The push planner reads the current remote values in batches just before writing (the *theirs* of its
/// three-way comparison), then writes in the API's largest batches. A write answers per record
/// (``RecordWriteResult``), or, when the connection dropped after the request was sent, that the outcome is
/// unknown: such a batch is re-planned after reading the remote values again, never resent blindly.
///
/// ```swift
/// let current = try await sink.currentValues(object: "contacts", keys: ids, fields: ["hs_lead_score"])
/// let outcome = try await sink.write(object: "contacts", changes)
/// ```
public protocol RecordSink: Sendable {
    /// Batch sizes and whether writes can be made conditional.
    var limits: SinkLimits { get }

    /// The current values of `fields` of the records with these keys (at most ``SinkLimits/readBatch``); a key
    /// the remote does not have is absent from the result.
    func currentValues(object: String, keys: [String], fields: [String]) async throws -> [RemoteValues]

    /// Writes one batch (at most ``SinkLimits/writeBatch`` records).
    ///
    /// - Returns: the per-record results, or ``WriteBatchOutcome/outcomeUnknown(_:)`` when the request was sent
    ///   but no complete answer came back.
    /// - Throws: the connector's error when the whole batch failed and nothing was written.
    func write(object: String, _ changes: [RecordWrite]) async throws -> WriteBatchOutcome
}

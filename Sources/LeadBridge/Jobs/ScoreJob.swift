import Logging

/// Scores every contact of a store and records the run: the `score` job.
///
/// The run is recorded on every exit path: `ok` with its counts when the pass ends, `failed` with the error's
/// message when it throws (what earlier batches stored stays, and scoring again finishes the work), so no run is
/// left `running` by a failure.
///
/// ```swift
/// let job = ScoreJob(store: store, model: model, asOf: UTCTime.parse("2026-11-01")!)
/// let summary = try job.run(environment)
/// ```
public struct ScoreJob: Sendable {
    /// The store whose contacts are scored; its ``LeadStore/runOwner`` stamps the run.
    public var store: LeadStore
    /// A validated scoring model.
    public var model: ScoringModel
    /// "Now" for decay and recency windows, UTC seconds: fixed for the whole pass, so a score can be reproduced.
    public var asOf: Int64
    /// Contacts per write transaction (see ``LeadStore/score(model:asOf:batchSize:)``).
    public var batchSize: Int

    public init(store: LeadStore, model: ScoringModel, asOf: Int64, batchSize: Int = 10_000) {
        self.store = store
        self.model = model
        self.asOf = asOf
        self.batchSize = batchSize
    }

    /// Scores, and records the run in the store's `runs` table.
    ///
    /// - Parameter environment: the run's start and end times come from `now`; the job logs to `logger`.
    /// - Returns: the distribution, MQL counts and what changed since the last scoring.
    /// - Throws: ``StoreError`` when the database fails; ``ScoringModelError`` when a model built in code has an
    ///   invalid pattern. Either way the run is recorded as `failed` with the error's message first (unless the
    ///   database cannot record even that).
    public func run(_ environment: JobEnvironment) throws -> ScoringSummary {
        var logger = environment.logger
        let runID = try store.startRun(command: "score", connection: nil, now: environment.now())
        logger[metadataKey: "run.id"] = "\(runID)"
        logger.debug("scoring started", metadata: ["score.as_of": "\(UTCTime.iso8601(asOf))"])
        var summary: ScoringSummary
        do {
            summary = try store.score(model: model, asOf: asOf, decidedAt: environment.now(), batchSize: batchSize)
            summary.historyRowsHeld = try store.scoreHistoryRowCount()
        } catch {
            let message = Self.message(error)
            logger.error("scoring failed", metadata: ["error.message": "\(message)"])
            try? store.finishRun(runID, status: .failed, counts: [:], message: message, now: environment.now())
            throw error
        }
        try store.finishRun(runID, status: .ok, counts: Self.counts(summary), now: environment.now())
        logger.debug("scoring finished", metadata: [
            "score.contacts": "\(summary.contacts)", "score.changed": "\(summary.changed)",
        ])
        return summary
    }

    /// The counts a score run records.
    static func counts(_ summary: ScoringSummary) -> [String: Int] {
        var counts = [
            "contacts": summary.contacts, "changed": summary.changed, "mql": summary.mqlCount,
            "new_mql": summary.newMQLs, "lost_mql": summary.lostMQLs, "history_rows": summary.historyRows,
        ]
        if let held = summary.historyRowsHeld { counts["history_rows_held"] = held }
        return counts
    }

    /// What the run record says about a failure.
    static func message(_ error: any Error) -> String {
        switch error {
        case let error as StoreError:
            error.cause.map { error.message.contains($0) ? error.message : "\(error.message): \($0)" } ?? error.message
        default: "\(error)"
        }
    }
}

import Foundation

extension LeadStore {
    /// Scores every contact as of `asOf` and stores the scores that changed, with stage transitions and a score
    /// history row for each contact whose fit, engagement, total, grade, stage or model changed.
    ///
    /// Contacts are scored in id order, `batchSize` per write transaction, so memory stays bounded and a failure
    /// keeps what earlier batches stored; batches are read and evaluated on every core while one thread writes.
    /// The result is deterministic for a given model, data and `asOf` (whatever the batch size and core count);
    /// re-scoring with no new data writes nothing (`changed == 0`, `historyRows == 0`).
    ///
    /// ```swift
    /// let summary = try store.score(model: model, asOf: UTCTime.parse("2026-11-01")!)
    /// ```
    ///
    /// - Parameters:
    ///   - model: A validated scoring model.
    ///   - asOf: "Now" for decay and recency windows, seconds since 1970 (UTC). Later activities are ignored.
    ///   - decidedAt: When the pass runs, stored with each changed score (`decided_at`), so that a score computed
    ///     for a past `asOf` still says when it was decided.
    ///   - batchSize: Contacts per transaction.
    /// - Returns: The distribution, MQL counts and what changed since the last scoring.
    /// - Throws: ``StoreError`` when the database fails; ``ScoringModelError`` when a model built in code has an
    ///   invalid pattern.
    public func score(
        model: ScoringModel, asOf: Int64, decidedAt: Int64? = nil, batchSize: Int = 10_000
    ) throws -> ScoringSummary {
        let pass = ScoringPass(
            model: model, asOf: asOf, decidedAt: decidedAt, batchSize: batchSize,
            batchesPerWave: 2 * ProcessInfo.processInfo.activeProcessorCount)
        do {
            return try pass.run(self)
        } catch let error as StoreError {
            throw error
        } catch let error as ScoringModelError {
            throw error
        } catch {
            throw StoreError(.write, "scoring failed: \(error)", cause: error)
        }
    }
}

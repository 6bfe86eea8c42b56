import Foundation

/// One scoring pass over the store: contacts in id-ordered batches, read and evaluated in parallel, written in order.
///
/// The pass cuts the contact ids into batches of `batchSize` (``ScoringBatchRanges``) and works in waves of
/// `batchesPerWave` batches: one task writes the previous wave's batches (each batch one write transaction, in id
/// order) and finds the next wave's, while one task per batch of this wave reads and evaluates it in its own read
/// transaction (``ScoringBatchReader``); `DispatchQueue.concurrentPerform` spreads these tasks over the cores.
/// Batches are disjoint, so reading a batch never depends on writes still pending for another, and the results
/// (scores, transitions, summary, sample order) are the same as scoring batch after batch on one thread. Memory is
/// bounded by two waves and the readers' memos.
struct ScoringPass {
    let model: ScoringModel
    let asOf: Int64
    /// When the pass runs, stored with each changed score; nil when the caller does not say.
    let decidedAt: Int64?
    let batchSize: Int
    /// Batches read while the previous ones are written: a few per core, so that the tasks even out.
    let batchesPerWave: Int
    /// Idle batch readers, so that their memos stay warm from one batch to the next.
    private let readers = ReaderPool()

    init(model: ScoringModel, asOf: Int64, decidedAt: Int64? = nil, batchSize: Int, batchesPerWave: Int) {
        self.decidedAt = decidedAt
        self.model = model
        self.asOf = asOf
        self.batchSize = max(1, batchSize)
        self.batchesPerWave = max(1, batchesPerWave)
    }

    /// Scores every contact and returns the summary.
    func run(_ store: LeadStore) throws -> ScoringSummary {
        let hash = try ScoreEngine(model: model).modelHash
        var summary = ScoringSummary(asOf: asOf, modelHash: hash)
        var bandCounts = [Int](repeating: 0, count: model.bands.count)
        var ranges = ScoringBatchRanges(batchSize: batchSize)
        let (latestAsOf, historyInStep) = try store.unwrappedRead { try ScoringStatements.historyState($0) }
        // A pass before the latest history row (a backfill) cannot compare with the stored scores, which are
        // later than it; nor can the first pass after one, since the backfill rewrote stored scores.
        let behindHistory = latestAsOf.map { asOf < $0 } ?? false
        let comparesWithHistory = behindHistory || !historyInStep
        var wave = try store.unwrappedRead { try ranges.next($0, count: batchesPerWave) }
        var pending: [ScoredBatch] = []
        while !wave.isEmpty || !pending.isEmpty {
            let results = WaveResults(count: wave.count)
            let (readers, toWrite, reading, current, perWave) = (readers, pending, wave, ranges, batchesPerWave)
            let (model, asOf, decidedAt) = (model, asOf, decidedAt)
            DispatchQueue.concurrentPerform(iterations: reading.count + 1) { worker in
                results.run {
                    if worker == 0 {
                        // The writer's task also finds the next wave's batches, so that no step runs alone.
                        for batch in toWrite {
                            try store.unwrappedWrite {
                                try batch.write(
                                    $0, asOf: asOf, decidedAt: decidedAt, modelHash: hash,
                                    behindHistory: behindHistory)
                            }
                        }
                        var following = current
                        let next = try store.unwrappedRead { try following.next($0, count: perWave) }
                        results.setFollowing(next, ranges: following)
                    } else {
                        var reader = try readers.take() ?? ScoringBatchReader(
                            engine: try ScoreEngine(model: model), asOf: asOf,
                            comparesWithHistory: comparesWithHistory)
                        let range = reading[worker - 1]
                        let batch = try store.unwrappedRead {
                            try reader.read($0, first: range.first, last: range.last)
                        }
                        readers.put(reader)
                        results.set(batch, at: worker - 1)
                    }
                }
            }
            pending = try results.batches()
            for batch in pending {
                summary.add(batch.summary)
                for (band, count) in batch.bandCounts.enumerated() { bandCounts[band] += count }
            }
            (wave, ranges) = results.following(or: ranges)
        }
        summary.byBand = zip(model.bands.labels, bandCounts).map { BandCount(label: $0, count: $1) }
        if comparesWithHistory, !behindHistory {
            // Every stored score now equals its contact's latest history row: the next pass compares with them.
            try store.unwrappedWrite { try ScoringStatements.noteHistoryInStep($0) }
        }
        return summary
    }

    /// The index of `id` in the ascending `ids`, searching forward from `hint` first (rows mostly come in order).
    static func position(of id: Int64, in ids: [Int64], hint: inout Int) -> Int? {
        if hint < ids.count, ids[hint] == id { return hint }
        if hint + 1 < ids.count, ids[hint + 1] == id {
            hint += 1
            return hint
        }
        var low = 0
        var high = ids.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if ids[middle] == id {
                hint = middle
                return middle
            }
            if ids[middle] < id { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}

/// Batch readers between batches. A reader is not `Sendable` (its memos are caches); the lock hands each one to
/// a single task at a time, and the wave that took it ends before the next wave begins.
private final class ReaderPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [ScoringBatchReader] = []

    func take() -> ScoringBatchReader? {
        lock.withLock { idle.popLast() }
    }

    func put(_ reader: ScoringBatchReader) {
        lock.withLock { idle.append(reader) }
    }
}

/// The batches a wave's readers produced, the next wave's ranges, and the first error of any of its workers.
private final class WaveResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ScoredBatch?]
    private var failure: (any Error)?
    private var following: ([(first: Int64, last: Int64)], ScoringBatchRanges)?

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    /// The next wave's ranges, and the range cursor after them.
    func setFollowing(_ wave: [(first: Int64, last: Int64)], ranges: ScoringBatchRanges) {
        lock.withLock { following = (wave, ranges) }
    }

    func following(or ranges: ScoringBatchRanges) -> ([(first: Int64, last: Int64)], ScoringBatchRanges) {
        lock.withLock { following ?? ([], ranges) }
    }

    func set(_ batch: ScoredBatch?, at index: Int) {
        lock.withLock { slots[index] = batch }
    }

    /// Runs a worker's body, keeping its error if it is the first.
    func run(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            lock.withLock { failure = failure ?? error }
        }
    }

    /// The batches in wave order (empty ranges left out); rethrows a worker's error.
    func batches() throws -> [ScoredBatch] {
        try lock.withLock {
            if let failure { throw failure }
            return slots.compactMap { $0 }
        }
    }
}

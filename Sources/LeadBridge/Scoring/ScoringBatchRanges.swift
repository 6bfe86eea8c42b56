import GRDB

/// Cuts the contact ids into batches of `batchSize` contacts, a few batches at a time, in id order.
///
/// Ranges are inclusive id bounds; together they cover every id (the last one is open-ended), so contacts added
/// while a pass runs are not skipped. A range may hold no contact at all (when the count is a multiple of the
/// batch size, or contacts were deleted): its batch is then empty.
struct ScoringBatchRanges: Sendable {
    let batchSize: Int
    /// The first id of the next range.
    private var start = Int64.min
    private(set) var isDone = false

    init(batchSize: Int) {
        self.batchSize = max(1, batchSize)
    }

    /// The next `count` ranges (fewer at the end, none when done).
    mutating func next(_ db: Database, count: Int) throws -> [(first: Int64, last: Int64)] {
        guard !isDone else { return [] }
        var ranges: [(first: Int64, last: Int64)] = []
        var inBatch = 0
        let ids = try ScoringStatements.contactIDs(db, from: start, limit: count * batchSize)
        while let id = try ids.next() {
            inBatch += 1
            guard inBatch == batchSize else { continue }
            ranges.append((start, id))
            inBatch = 0
            guard id < .max else {
                isDone = true
                return ranges
            }
            start = id + 1
        }
        if ranges.count < count {
            ranges.append((start, .max))
            isDone = true
        }
        return ranges
    }
}

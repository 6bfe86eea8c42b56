import Foundation
import GRDB

/// Applies batches to the store on a thread of its own while the caller maps the next ones (and a ``ReadAhead``
/// parses further on), so parsing, mapping and SQLite share both cores.
///
/// Several batches share one transaction, committed every `commitEvery` records (every ``bulkLoadCommitEvery``
/// during a bulk load, which also runs without foreign-key checks), when the source pauses for a second, and at the
/// end. Each commit rewrites every index page the batch touched; contacts arrive in random
/// email order, so committing 10,000 at a time rewrites the email index ten times as often as 100,000 at a time
/// (measured: about half the throughput). A kill loses only the uncommitted records, and the rerun that follows
/// imports them (imports are idempotent). At most `capacity` batches wait, which keeps memory flat.
final class BatchWriter: @unchecked Sendable {
    typealias Work = @Sendable (LeadStore, Database) throws -> ApplyResult

    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [(work: Work, records: Int)] = []
    /// Applied batches, handed back to be freed by the thread that made them (see ``submit(records:_:)``).
    private var spent: [Work] = []
    private var finished = false
    private var stopped = false
    private var result = ApplyResult()
    private var failure: StoreError?
    private let capacity: Int
    private let store: LeadStore
    private let commitEvery: Int
    private let bulkLoad: BulkLoad?
    private let onCommit: @Sendable () -> Void

    /// Records per transaction while a bulk load runs. Without the email index, large transactions no longer save
    /// index rewrites, and one that outgrows the page cache spills pages to the WAL that it then dirties again
    /// (measured on the 200 MB XML export: 20,000 took 6% less CPU than 100,000, and 10,000 more than 20,000).
    static let bulkLoadCommitEvery = 20_000

    /// - Parameter bulkLoad: the import's bulk load; while it is active, commits come every
    ///   ``bulkLoadCommitEvery`` records.
    init(
        store: LeadStore, commitEvery: Int, bulkLoad: BulkLoad? = nil, capacity: Int = 2,
        onCommit: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.commitEvery = commitEvery
        self.bulkLoad = bulkLoad
        self.capacity = capacity
        self.onCommit = onCommit
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues one batch; waits while the queue is full. Throws the store's error once it has failed.
    ///
    /// The batches applied since the last call are freed here, on the caller's thread, which allocated them:
    /// freed on the writer's thread, their memory went back to the caller's malloc arena under a lock both threads
    /// then fought over (measured: a fifth of the futex calls of an import).
    func submit(records: Int, _ work: @escaping Work) throws(StoreError) {
        condition.lock()
        while queue.count >= capacity, failure == nil { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure
        }
        queue.append((work, records))
        let garbage = spent
        spent.removeAll(keepingCapacity: true)
        condition.broadcast()
        condition.unlock()
        _ = consume garbage
    }

    /// Waits until every queued batch is applied and committed, and returns the summed result.
    func finish() throws(StoreError) -> ApplyResult {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        condition.broadcast()
        while !stopped { condition.wait() }
        if let failure { throw failure }
        return result
    }

    private enum Next {
        case work(Work, records: Int)
        /// Nothing arrived for a while: commit what is open.
        case idle
        case done
    }

    private func next(waitingAtMost seconds: Double?) -> Next {
        condition.lock()
        defer { condition.unlock() }
        let deadline = seconds.map { Date().addingTimeInterval($0) }
        while queue.isEmpty, !finished {
            if let deadline {
                if !condition.wait(until: deadline) { return .idle }
            } else {
                condition.wait()
            }
        }
        guard !queue.isEmpty else { return .done }
        let item = queue.removeFirst()
        condition.broadcast()
        return .work(item.work, records: item.records)
    }

    private func run() {
        do {
            try store.withWriterConnection { db in
                defer { if db.isInsideTransaction == false { try? Self.checkForeignKeys(true, db) } }
                do { try apply(db) } catch {
                    // Roll back the records since the last commit; what was committed stays.
                    if db.isInsideTransaction { try? db.rollback() }
                    throw error
                }
            }
        } catch {
            condition.lock()
            failure = error as? StoreError ?? StoreError(.write, "database write failed: \(error)", cause: error)
            queue.removeAll()
            condition.unlock()
        }
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Turns SQLite's foreign-key checks on or off (outside a transaction only, where the pragma takes effect).
    private static func checkForeignKeys(_ on: Bool, _ db: Database) throws {
        try db.execute(sql: on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF")
    }

    /// Applies queued batches until the queue is finished, committing as described above.
    private func apply(_ db: Database) throws {
        var uncommitted = 0
        loop: while true {
            switch next(waitingAtMost: uncommitted > 0 ? 1 : nil) {
            case .work(let work, let records):
                if !db.isInsideTransaction {
                    // A bulk load writes each contact before the links that point to it, in the same transaction:
                    // checking those references is redundant, and cost a contact look-up per link.
                    try Self.checkForeignKeys(bulkLoad?.isActive != true, db)
                    try db.beginTransaction(.immediate)
                }
                let applied = try work(store, db)
                uncommitted += records
                condition.lock()
                result += applied
                spent.append(work)
                condition.unlock()
                let interval = bulkLoad?.isActive == true ? min(commitEvery, Self.bulkLoadCommitEvery) : commitEvery
                if uncommitted >= interval {
                    try db.commit()
                    uncommitted = 0
                    onCommit()
                }
            case .idle:
                if db.isInsideTransaction { try db.commit() }
                uncommitted = 0
                onCommit()
            case .done:
                break loop
            }
        }
        if db.isInsideTransaction { try db.commit() }
        onCommit()
    }
}

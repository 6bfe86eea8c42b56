import Foundation

/// Applies batches to the store on a thread of its own while the caller reads and maps the next ones, so parsing
/// and SQLite use both cores. At most `capacity` batches wait, which keeps memory flat whatever the file size.
final class BatchWriter: @unchecked Sendable {
    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [@Sendable () throws(StoreError) -> ApplyResult] = []
    private var finished = false
    private var stopped = false
    private var result = ApplyResult()
    private var failure: StoreError?
    private let capacity: Int
    private let onApplied: @Sendable (ApplyResult) -> Void

    init(capacity: Int = 2, onApplied: @escaping @Sendable (ApplyResult) -> Void = { _ in }) {
        self.capacity = capacity
        self.onApplied = onApplied
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues one batch; waits while the queue is full. Throws the store's error once it has failed.
    func submit(_ work: @escaping @Sendable () throws(StoreError) -> ApplyResult) throws(StoreError) {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity, failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(work)
        condition.broadcast()
    }

    /// Waits for every queued batch and returns the summed result.
    func finish() throws(StoreError) -> ApplyResult {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        condition.broadcast()
        while !stopped { condition.wait() }
        if let failure { throw failure }
        return result
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty, !finished { condition.wait() }
            if queue.isEmpty || failure != nil {
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let work = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
            do throws(StoreError) {
                let applied = try work()
                onApplied(applied)
                condition.lock()
                result += applied
                condition.unlock()
            } catch {
                condition.lock()
                failure = error
                queue.removeAll()
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}

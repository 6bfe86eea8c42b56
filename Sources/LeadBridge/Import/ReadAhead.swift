import Foundation

/// Reads a source on a thread of its own, a chunk of items ahead of the caller, so that parsing (libxml2, the CSV
/// scanner) and mapping run on different cores while the store's writer uses a third thread.
///
/// Measured on the 200 MB Pardot XML export (2 cores): reading, mapping and writing on three threads instead of
/// two took the import from 68k to 72k records/s by itself, and the three threads keep both cores busy most of the
/// time (85-95% in a profile; the writer works off its last batches alone).
///
/// The reader is borrowed for the lifetime of the read-ahead: the caller must not touch it until ``finish()``
/// returns, which joins the thread and hands the reader back in the state its last `next()` left it. At most
/// `capacity` chunks wait, which keeps memory flat.
final class ReadAhead<Reader: RecordReader>: @unchecked Sendable {
    /// One step of the source: items in order, then possibly the error that ended it.
    struct Chunk {
        var items: [ReadItem]
        var stoppedBy: SourceError?
    }

    // All mutable state below is guarded by `condition`, except `reader`, which only the read thread touches
    // between `init` and `finish()`.
    private let condition = NSCondition()
    private var chunks: [Chunk] = []
    /// Items the caller is done with, freed on the read thread that allocated them (see ``BatchWriter``).
    private var spent: [[ReadItem]] = []
    private var cancelled = false
    private var readerDone = false
    private var reader: Reader
    private let chunkSize: Int
    private let capacity: Int

    init(reader: Reader, chunkSize: Int = 1_000, capacity: Int = 4) {
        self.reader = reader
        self.chunkSize = chunkSize
        self.capacity = capacity
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The next chunk, waiting for it; nil after the last one.
    ///
    /// - Parameter done: the items of the previous chunk, once mapped, to be freed by the read thread.
    func next(returning done: consuming [ReadItem] = []) -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        if !done.isEmpty, !readerDone { spent.append(consume done) }
        while chunks.isEmpty, !readerDone { condition.wait() }
        guard !chunks.isEmpty else { return nil }
        let chunk = chunks.removeFirst()
        condition.broadcast()
        return chunk
    }

    /// Stops reading (if it has not stopped), waits for the thread and returns the reader.
    func finish() -> Reader {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
        while !readerDone { condition.wait() }
        return reader
    }

    private func run() {
        var done = false
        while !done {
            var items: [ReadItem] = []
            items.reserveCapacity(chunkSize)
            var stoppedBy: SourceError?
            while items.count < chunkSize {
                do throws(SourceError) {
                    guard let item = try reader.next() else {
                        done = true
                        break
                    }
                    items.append(item)
                } catch {
                    stoppedBy = error
                    done = true
                    break
                }
            }
            condition.lock()
            while chunks.count >= capacity, !cancelled { condition.wait() }
            if cancelled {
                done = true
            } else {
                chunks.append(Chunk(items: items, stoppedBy: stoppedBy))
            }
            let garbage = spent
            spent.removeAll(keepingCapacity: true)
            condition.broadcast()
            condition.unlock()
            _ = consume garbage
        }
        condition.lock()
        readerDone = true
        condition.broadcast()
        condition.unlock()
    }
}

import Synchronization
import Foundation
import GRDB
import Testing

@testable import LeadBridge

/// Two processes on one store (a nightly job and a manual import): a write that meets the other's write
/// transaction waits for it instead of failing at once with SQLITE_BUSY.
@Suite struct BusyTimeoutTests {
    static let now: Int64 = 1_793_491_200

    @Test func aWriteWaitsForAnotherStoresTransaction() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let holder = try LeadStore(path: path)
        let waiter = try LeadStore(path: path)
        let started = DispatchSemaphore(value: 0)
        let waiterIsWriting = DispatchSemaphore(value: 0)
        let holderDone = DispatchSemaphore(value: 0)
        let holderFailure = Mutex<(any Error)?>(nil)
        // Given one store holding a write transaction on another thread, until the other store starts writing
        // (and a moment more, so that the other's write meets the lock)
        let thread = Thread {
            do {
                try holder.writeForTesting { db in
                    try db.execute(sql: """
                        INSERT INTO stream_state (connection, stream, cursor_time, cursor_id, updated_at)
                        VALUES ('hubspot', 'contacts', 1, '1', 0)
                        """)
                    started.signal()
                    waiterIsWriting.wait()
                    Thread.sleep(forTimeInterval: 0.3)
                }
            } catch {
                holderFailure.withLock { $0 = error }
            }
            holderDone.signal()
        }
        thread.start()
        started.wait()

        // When the other store writes
        waiterIsWriting.signal()
        try waiter.resetStreamCursors(connection: "hubspot")

        // Then it waited for the first to commit, and wrote after it
        holderDone.wait()
        #expect(holderFailure.withLock { $0 } == nil)
        #expect(try waiter.streamCursor(connection: "hubspot", stream: "contacts") == nil)
        #expect(try holder.streamCursor(connection: "hubspot", stream: "contacts") == nil)
    }
}

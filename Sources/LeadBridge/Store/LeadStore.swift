import CSQLiteTuning
import Foundation
import GRDB

/// The front door to LeadBridge's SQLite database: every read and write of the canonical model goes through here.
///
/// It migrates the schema when it opens and offers intention-named methods, each one transaction.
///
/// ```swift
/// let store = try LeadStore(path: "data/leadbridge.sqlite")
/// let result = try store.apply(contacts: patches, rejects: [], runID: run, now: clock())
/// ```
public struct LeadStore: Sendable {
    /// The database connection(s). Tests and tools may read through it; writes go through the methods.
    public let writer: any DatabaseWriter
    /// The process that runs this program: recorded with each run it starts, and used to mark runs whose process
    /// is gone as interrupted. Nil (the default) records no process and marks nothing.
    public var runOwner: RunOwner?

    /// Opens (creating if needed) the database file in WAL mode and migrates it.
    ///
    /// - Throws: ``StoreError`` when the file cannot be opened or migrated.
    public init(path: String) throws(StoreError) {
        _ = Self.tuneSQLite
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                // 8 KiB pages for a new store (an existing one keeps its own): fewer, fuller B-tree pages per row.
                // Measured on imports: 200 MB XML 91k -> 96k records/s, 1M-row CSV 105k -> 118k; 16 KiB was slower.
                try db.execute(sql: "PRAGMA page_size = 8192")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // 16 MiB of page cache per connection (the default is 2 MiB): more helps imports little and counts
                // against the memory ceiling of a nightly job.
                try db.execute(sql: "PRAGMA cache_size = -16384")
                // Checkpoint the WAL every 20,000 pages (80 MB) instead of 1,000: imports insert into the email
                // index in random order, and frequent checkpoints rewrite (and fsync) the same pages over and over.
                // Measured: about twice the import throughput; the WAL is truncated after each checkpoint.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 20000")
                try db.execute(sql: "PRAGMA journal_size_limit = 104857600")
            }
            try self.init(writer: DatabasePool(path: path, configuration: configuration))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                .unavailable, "cannot open the database at \(path): \(error). Check the path and its permissions.",
                cause: error)
        }
    }

    /// SQLite's multi-thread mode and no memory statistics, when this process has not used SQLite yet: GRDB
    /// serializes each connection itself, so the per-call connection mutex and the global allocation mutex are pure
    /// cost (measured: about a tenth of an import's writer thread).
    private static let tuneSQLite: Int32 = lb_sqlite_tune_before_first_use()

    /// Whether the tuning above took effect in this process (it does when a store is the first use of SQLite).
    public static var isSQLiteTuned: Bool { tuneSQLite == 0 }

    /// Uses an open database and migrates it.
    public init(writer: any DatabaseWriter) throws(StoreError) {
        self.writer = writer
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError(.migration, "cannot migrate the database: \(error)", cause: error)
        }
    }

    /// Runs `body` in one write transaction, turning database errors into ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.write, "database write failed: \(error)", cause: error)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError(.read, "database read failed: \(error)", cause: error)
        }
    }
}

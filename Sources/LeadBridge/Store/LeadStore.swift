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
    /// The database connection(s). Private: the rest of LeadBridge reads and writes through the store's
    /// methods, so that SQL and transaction control stay in `Store/`.
    private let writer: any DatabaseWriter
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
            // A write that meets another process's write transaction (a nightly job and a manual import) waits
            // for it instead of failing at once with SQLITE_BUSY.
            configuration.busyMode = .timeout(Self.busyTimeout)
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

    /// How long a write waits for another connection's write transaction to end before it fails with
    /// SQLITE_BUSY, in seconds: long enough to outlast an import's commit interval.
    public static let busyTimeout: TimeInterval = 30

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

    /// Reads in one read-only transaction: the door for tests, benchmarks and tools that inspect the store.
    ///
    /// The connection is read-only, so `body` cannot change the store; writes go through the intention-named
    /// methods.
    ///
    /// ```swift
    /// let contacts = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") ?? 0 }
    /// ```
    ///
    /// - Throws: ``StoreError`` (`.read`) when the database or `body` fails.
    public func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError(.read, "database read failed: \(error)", cause: error)
        }
    }

    /// One read transaction whose errors reach the caller as they are (the scoring pass sorts them itself).
    func unwrappedRead<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// One write transaction whose errors reach the caller as they are (the scoring pass sorts them itself).
    func unwrappedWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// The writer connection outside any transaction, held for the whole of `body`: for the bulk paths
    /// (``BatchWriter``, the identity filter), which control their transactions and pragmas themselves, inside
    /// `Store/`.
    func withWriterConnection<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction(body)
    }

    /// Checkpoints the write-ahead log into the database file, truncates it, and closes the connections: the
    /// file can then be copied alone. The store must not be used afterwards.
    ///
    /// - Throws: ``StoreError`` (`.write`) when the checkpoint or the close fails.
    public func close() throws(StoreError) {
        do {
            _ = try writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            try writer.close()
        } catch {
            throw StoreError(.write, "cannot checkpoint and close the database: \(error)", cause: error)
        }
    }
}

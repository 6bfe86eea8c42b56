import Foundation
import GRDB

/// The sandbox's state file: the overlay of mutated records, the write log and a fingerprint of the seed data.
/// One front door over `any DatabaseWriter`; each method is one transaction.
struct SandboxStateDatabase: Sendable {
    private let writer: any DatabaseWriter

    init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // Each write is one transaction: in WAL mode with NORMAL sync a commit appends to the WAL without an
            // fsync, and still survives a kill -9 of the sandbox (only a power loss can take the last commits).
            // The rollback journal's four fsyncs a commit made a 100-record batch update wait 4–20 ms on a busy
            // disk.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try self.init(writer: DatabasePool(path: path, configuration: configuration))
    }

    init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE overlay (
                    object TEXT NOT NULL,
                    idx INTEGER NOT NULL,
                    modified_at REAL NOT NULL,
                    created INTEGER NOT NULL DEFAULT 0,
                    fields TEXT NOT NULL,
                    PRIMARY KEY (object, idx)
                );
                CREATE TABLE write_log (
                    seq INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    vendor TEXT NOT NULL,
                    method TEXT NOT NULL,
                    path TEXT NOT NULL,
                    body TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    records_changed INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-archived") { db in
            try db.execute(sql: "ALTER TABLE overlay ADD COLUMN archived_at REAL")
        }
        migrator.registerMigration("v3-changes") { db in
            // The records each write changed and the fields it set, as JSON (entries of older files read as none).
            try db.execute(sql: "ALTER TABLE write_log ADD COLUMN changes TEXT NOT NULL DEFAULT '[]'")
        }
        return migrator
    }

    /// The fingerprint stored with the state, or nil for a new file.
    func fingerprint() throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'fingerprint'") }
    }

    func setFingerprint(_ value: String) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('fingerprint', ?)",
                           arguments: [value])
        }
    }

    func loadOverlays() throws -> [RecordKey: RecordOverlay] {
        try writer.read { db in
            var result: [RecordKey: RecordOverlay] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT object, idx, modified_at, created, fields, archived_at FROM overlay
                """)
            while let row = try rows.next() {
                guard let object = SandboxObject(rawValue: row["object"]) else { continue }
                let text: String = row["fields"]
                let fields = JSONReader.decode(Array(text.utf8))?.objectValue ?? [:]
                result[RecordKey(object: object, index: row["idx"])] = RecordOverlay(
                    fields: fields,
                    modifiedAt: Date(timeIntervalSince1970: row["modified_at"]),
                    created: row["created"],
                    archivedAt: (row["archived_at"] as Double?).map { Date(timeIntervalSince1970: $0) }
                )
            }
            return result
        }
    }

    /// Saves the overlays of the given records and the log entry of the write that changed them, together.
    func save(_ overlays: [RecordKey: RecordOverlay], logEntry: SandboxWriteLogEntry?) throws {
        try writer.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO overlay (object, idx, modified_at, created, fields, archived_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for (key, overlay) in overlays {
                let fields = String(decoding: JSONValue.object(overlay.fields).serialized(), as: UTF8.self)
                try statement.execute(arguments: [
                    key.object.rawValue, key.index, overlay.modifiedAt.timeIntervalSince1970, overlay.created, fields,
                    overlay.archivedAt?.timeIntervalSince1970,
                ])
            }
            if let entry = logEntry {
                let changes = String(decoding: SandboxWriteLogEntry.json(entry.changes).serialized(), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO write_log (seq, at, vendor, method, path, body, status, records_changed, changes)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [entry.sequence, entry.at, entry.vendor, entry.method, entry.path, entry.body,
                                entry.status, entry.recordsChanged, changes]
                )
            }
        }
    }

    func loadLog() throws -> [SandboxWriteLogEntry] {
        try writer.read { db in
            var entries: [SandboxWriteLogEntry] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM write_log ORDER BY seq")
            while let row = try rows.next() {
                let changes: String = row["changes"]
                entries.append(SandboxWriteLogEntry(
                    sequence: row["seq"], at: row["at"], vendor: row["vendor"], method: row["method"],
                    path: row["path"], body: row["body"], status: row["status"],
                    recordsChanged: row["records_changed"],
                    changes: JSONReader.decode(Array(changes.utf8)).flatMap(SandboxWriteLogEntry.changes(from:)) ?? []
                ))
            }
            return entries
        }
    }

    /// Forgets every mutation and the write log.
    func reset() throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM overlay; DELETE FROM write_log;")
        }
    }
}

import GRDB

extension LeadStore {
    /// Retried rejects' part of the schema history. Frozen like the rest: add new migrations, never edit these.
    ///
    /// v7 keeps the keys of pulled records that were rejected, per connection and stream, so that the next pull
    /// reads them again by key (a record rejected for a mapping problem is not modified remotely when the mapping is
    /// fixed, so the incremental pull would never see it again).
    static func registerRetryKeysMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-retry-keys") { db in
            try db.execute(sql: """
                CREATE TABLE retry_keys (
                    connection TEXT NOT NULL, stream TEXT NOT NULL,
                    external_id TEXT NOT NULL,       -- the record's key in its source
                    code TEXT NOT NULL,              -- the reason of its last rejection, as in rejects.code
                    run_id INTEGER REFERENCES runs(id), -- the run that last rejected it
                    rejected_at INTEGER NOT NULL,    -- when it was last rejected
                    PRIMARY KEY (connection, stream, external_id)
                ) WITHOUT ROWID;
                """)
        }
    }
}

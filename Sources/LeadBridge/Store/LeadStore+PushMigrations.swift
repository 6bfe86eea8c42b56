import GRDB

extension LeadStore {
    /// v9: what a push needs beyond the v8 schema.
    ///
    /// - `conflicts` keep who changed the remote record and when, as the API said when the conflict was found.
    /// - `conflicts_open` finds a field's open or decided conflict by its remote key.
    static func registerPushMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-push-conflicts") { db in
            try db.execute(sql: """
                ALTER TABLE conflicts ADD COLUMN remote_modified_at INTEGER; -- ms since 1970, when the API says
                ALTER TABLE conflicts ADD COLUMN remote_modified_by TEXT;    -- who, when the API says
                CREATE INDEX conflicts_by_field ON conflicts(target, object, external_id, field);
                """)
        }
    }
}

import GRDB

extension LeadStore {
    /// Activity de-duplication's part of the schema history. Frozen like the rest: add new migrations, never edit
    /// this.
    ///
    /// Scoring tells a copy of an event from another system apart by the record's system, so the covering index it
    /// scans gains `system` as its last column (rows keep their order; records identical in everything else now
    /// come in the order of their systems, not of their pulling). Rebuilding the index reads every activity once:
    /// about a minute for 20 million.
    static func registerSameEventMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-activity-dedup") { db in
            try db.execute(sql: """
                DROP INDEX activities_for_scoring;
                CREATE INDEX activities_for_scoring
                    ON activities(contact_id, type, occurred_at, url, campaign, asset, system);
                """)
        }
    }
}

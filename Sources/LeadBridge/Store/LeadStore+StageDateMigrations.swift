import GRDB

extension LeadStore {
    /// Where each stage transition's time came from. Frozen like the rest: add new migrations, never edit this.
    static func registerStageDateMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-stage-dates") { db in
            try db.execute(sql: """
                -- StageTimeSource raw value: crm_stage_date | record_modified | scoring | local_write;
                -- null for transitions recorded before v10 (their time is the local write time or the scoring's).
                ALTER TABLE stage_transitions ADD COLUMN at_source TEXT;
                """)
        }
    }
}

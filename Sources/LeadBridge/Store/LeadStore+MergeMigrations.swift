import GRDB

extension LeadStore {
    /// v4: what each source link last sent, field by field, so that a record pulled again moves only the fields
    /// that changed in its source (see ``SentFields``). `contacts.field_ranks` keeps its name and gains the time
    /// each field changed (see ``FieldRanksText``); its old text reads as ranks of unknown time.
    static func registerMergeMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-merge-provenance") { db in
            try db.execute(sql: "ALTER TABLE source_links ADD COLUMN field_hashes BLOB")
        }
    }
}

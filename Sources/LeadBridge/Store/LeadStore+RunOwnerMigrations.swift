import GRDB

extension LeadStore {
    /// v6: each run records the process and host that run it, so that a later run can tell a killed run (still
    /// `running`) from one in progress and mark it `interrupted`.
    static func registerRunOwnerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-run-owner") { db in
            try db.execute(sql: """
                ALTER TABLE runs ADD COLUMN pid INTEGER;   -- the process that runs it; null before v6
                ALTER TABLE runs ADD COLUMN host TEXT;     -- that process's host name
                """)
        }
    }
}

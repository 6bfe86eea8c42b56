import GRDB

extension LeadStore {
    /// The indexes a bulk load drops and builds again at its end, by name: the unique email index. (Dropping
    /// `source_links_by_contact` as well was measured too: its keys arrive in order, and it gained nothing.)
    static let bulkLoadIndexes: [(name: String, sql: String)] = [
        ("contacts_by_email", "CREATE UNIQUE INDEX IF NOT EXISTS contacts_by_email ON contacts(email)"),
    ]

    /// Bulk loading's part of the schema history. Frozen like the rest: add new migrations, never edit these.
    ///
    /// v1 declared `email TEXT UNIQUE`, whose index SQLite does not let anyone drop. A first import of a million
    /// contacts into an empty store spends most of its time inserting random emails into that index (see
    /// ``BulkLoad`` for the figures), so v3 rebuilds the table with a named unique index that ``BulkLoad`` can drop
    /// and rebuild.
    static func registerBulkLoadMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-droppable-email-index") { db in
            try db.execute(sql: """
                CREATE TABLE contacts_v3 (
                    id INTEGER PRIMARY KEY,
                    email TEXT,                      -- normalized: trimmed, lower-cased; unique (contacts_by_email)
                    first_name TEXT, last_name TEXT, title TEXT, company TEXT, domain TEXT, industry TEXT,
                    employees INTEGER, country TEXT, city TEXT, phone TEXT, lead_source TEXT,
                    lifecycle_stage TEXT,            -- as the sources say; null reads as lead
                    created_at INTEGER,              -- earliest creation time any source reports
                    updated_at INTEGER NOT NULL,     -- when LeadBridge last changed this row
                    extra TEXT,                      -- JSON object: mapped custom fields
                    field_ranks TEXT NOT NULL DEFAULT '' -- precedence of the source that set each field, by ordinal
                );
                INSERT INTO contacts_v3 SELECT
                    id, email, first_name, last_name, title, company, domain, industry, employees, country, city,
                    phone, lead_source, lifecycle_stage, created_at, updated_at, extra, field_ranks
                FROM contacts;
                DROP TABLE contacts;
                ALTER TABLE contacts_v3 RENAME TO contacts;
                CREATE UNIQUE INDEX contacts_by_email ON contacts(email);
                """)
        }
    }

    /// Builds the indexes a bulk load drops when they are missing (a bulk load was interrupted). Every write of
    /// contacts and activities calls it first; when they are there it costs one look-up in the schema.
    static func restoreBulkLoadIndexes(_ db: Database) throws {
        let present = Set(try String.fetchAll(
            db.cachedStatement(sql: "SELECT name FROM sqlite_master WHERE type = 'index'")))
        for index in bulkLoadIndexes where !present.contains(index.name) {
            do {
                try db.execute(sql: index.sql)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError(.write, "the unique email index cannot be built: two contacts share an email "
                    + "(another process wrote contacts during a first import). Find them with `SELECT email, "
                    + "COUNT(*) FROM contacts GROUP BY email HAVING COUNT(*) > 1`, delete the newer duplicate and its "
                    + "source_links, then import again", cause: error)
            }
        }
    }

    /// Drops the indexes a bulk load builds at its end.
    static func dropBulkLoadIndexes(_ db: Database) throws {
        for index in bulkLoadIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
    }
}

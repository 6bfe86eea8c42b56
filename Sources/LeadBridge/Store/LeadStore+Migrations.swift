import GRDB

extension LeadStore {
    /// The schema's history. Frozen: never edit a registered migration, add a new one.
    ///
    /// Times are INTEGER seconds since 1970, UTC. JSON columns hold objects of text values.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-canonical-model") { db in
            try db.execute(sql: """
                CREATE TABLE contacts (
                    id INTEGER PRIMARY KEY,
                    email TEXT UNIQUE,               -- normalized: trimmed, lower-cased
                    first_name TEXT, last_name TEXT, title TEXT, company TEXT, domain TEXT, industry TEXT,
                    employees INTEGER, country TEXT, city TEXT, phone TEXT, lead_source TEXT,
                    lifecycle_stage TEXT,            -- as the sources say; null reads as lead
                    created_at INTEGER,              -- earliest creation time any source reports
                    updated_at INTEGER NOT NULL,     -- when LeadBridge last changed this row
                    extra TEXT,                      -- JSON object: mapped custom fields
                    field_ranks TEXT NOT NULL DEFAULT '' -- precedence of the source that set each field, by ordinal
                );
                CREATE TABLE source_links (
                    system TEXT NOT NULL, object TEXT NOT NULL, external_id TEXT NOT NULL,
                    contact_id INTEGER NOT NULL REFERENCES contacts(id),
                    remote_modified_at INTEGER,
                    content_hash INTEGER NOT NULL,   -- fingerprint of the last mapped record applied
                    deleted INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (system, object, external_id)
                ) WITHOUT ROWID;
                CREATE INDEX source_links_by_contact ON source_links(contact_id);
                CREATE TABLE activities (
                    id INTEGER PRIMARY KEY,
                    contact_id INTEGER NOT NULL REFERENCES contacts(id),
                    system TEXT NOT NULL, external_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL,
                    url TEXT, campaign TEXT, asset TEXT,
                    detail TEXT,                     -- JSON object: further mapped detail
                    content_hash INTEGER NOT NULL,
                    UNIQUE (system, external_id)
                );
                CREATE INDEX activities_by_contact ON activities(contact_id, type, occurred_at);
                CREATE TABLE scores (
                    contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),
                    fit REAL NOT NULL, engagement REAL NOT NULL, total REAL NOT NULL,
                    grade TEXT NOT NULL, stage TEXT NOT NULL,
                    model_hash TEXT NOT NULL, computed_at INTEGER NOT NULL,
                    explanation TEXT NOT NULL        -- JSON: the rules that fired
                );
                CREATE TABLE stream_state (
                    connection TEXT NOT NULL, stream TEXT NOT NULL,
                    cursor_time INTEGER, cursor_id TEXT,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (connection, stream)
                ) WITHOUT ROWID;
                CREATE TABLE field_state (
                    target TEXT NOT NULL, external_id TEXT NOT NULL, field TEXT NOT NULL,
                    value TEXT,                      -- the remote value we last saw or wrote: the base
                    seen_at INTEGER NOT NULL,
                    PRIMARY KEY (target, external_id, field)
                ) WITHOUT ROWID;
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    command TEXT NOT NULL, connection TEXT,
                    started_at INTEGER NOT NULL, finished_at INTEGER,
                    status TEXT NOT NULL DEFAULT 'running', -- running | ok | partial | failed
                    counts TEXT,                     -- JSON object of counters
                    message TEXT
                );
                CREATE TABLE push_journal (
                    run_id INTEGER NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL,
                    target TEXT NOT NULL,
                    intent TEXT NOT NULL,            -- JSON: the batch as planned, before sending
                    status TEXT NOT NULL,            -- planned | sent | confirmed | failed
                    outcome TEXT,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (run_id, seq)
                );
                CREATE TABLE conflicts (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER REFERENCES runs(id),
                    target TEXT NOT NULL, external_id TEXT NOT NULL, field TEXT NOT NULL,
                    base TEXT, ours TEXT, theirs TEXT,
                    policy TEXT NOT NULL, resolution TEXT NOT NULL,
                    detected_at INTEGER NOT NULL
                );
                CREATE TABLE rejects (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER REFERENCES runs(id),
                    connection TEXT NOT NULL, stream TEXT NOT NULL,
                    location TEXT NOT NULL,          -- file:line or endpoint and record index
                    external_id TEXT,
                    code TEXT NOT NULL, message TEXT NOT NULL,
                    record TEXT,                     -- JSON: the raw record, so nothing is lost
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX rejects_by_run ON rejects(run_id);
                """)
        }
        registerScoringMigrations(&migrator)
        registerBulkLoadMigrations(&migrator)
        registerMergeMigrations(&migrator)
        registerRunOwnerMigrations(&migrator)
        registerRetryKeysMigrations(&migrator)
        registerPushSchemaMigrations(&migrator)
        registerPushMigrations(&migrator)
        registerStageDateMigrations(&migrator)
        registerScoreHistoryMigrations(&migrator)
        registerSameEventMigrations(&migrator)
        return migrator
    }
}

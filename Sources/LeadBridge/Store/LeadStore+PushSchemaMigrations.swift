import GRDB

extension LeadStore {
    /// v8: the push schema, before its first row is written (the v1 push tables were never used, and are empty).
    ///
    /// - `field_state` is keyed by (target, object, external_id, field): a Salesforce person is a Lead or a
    ///   Contact, and the two share no id space.
    /// - `push_journal` names the saved plan (id and hash) each batch applies, so a rerun after a crash re-plans
    ///   against the same plan instead of re-sending blindly.
    /// - `conflicts` point to the contact (and say which remote object they concern).
    /// - `stream_state` keeps an opaque paging token next to the (time, id) cursor (Marketo activities page by
    ///   token), committed with the page it follows.
    /// - `runs.parent_run_id`: a `sync` run owns the pull, score and push runs it starts.
    /// - `scores.decided_at`: when the pass that decided the score ran, next to its as-of time (`computed_at`).
    static func registerPushSchemaMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-push-schema") { db in
            try db.execute(sql: """
                DROP TABLE field_state;
                CREATE TABLE field_state (
                    target TEXT NOT NULL,            -- the push target (connection) the field is written to
                    object TEXT NOT NULL,            -- the remote object: Lead, Contact, contact, lead, prospect
                    external_id TEXT NOT NULL,
                    field TEXT NOT NULL,             -- the remote field name
                    value TEXT,                      -- the remote value we last saw or wrote: the base
                    seen_at INTEGER NOT NULL,        -- seconds since 1970, UTC
                    written_run_id INTEGER REFERENCES runs(id), -- the push run that last wrote it; null: only seen
                    PRIMARY KEY (target, object, external_id, field)
                ) WITHOUT ROWID;

                DROP TABLE push_journal;
                CREATE TABLE push_journal (
                    run_id INTEGER NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL,
                    plan_id TEXT NOT NULL,           -- the saved plan this batch applies
                    plan_hash TEXT NOT NULL,         -- its content hash: a changed plan is a different plan
                    target TEXT NOT NULL, object TEXT NOT NULL,
                    intent TEXT NOT NULL,            -- JSON: the batch as planned, before sending
                    status TEXT NOT NULL,            -- planned | sent | unknown | confirmed | failed
                    outcome TEXT,                    -- JSON: per-record results, or the error
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (run_id, seq)
                );
                CREATE INDEX push_journal_by_plan ON push_journal(plan_id, seq);

                DROP TABLE conflicts;
                CREATE TABLE conflicts (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER REFERENCES runs(id),
                    contact_id INTEGER NOT NULL REFERENCES contacts(id),
                    target TEXT NOT NULL, object TEXT NOT NULL, external_id TEXT NOT NULL, field TEXT NOT NULL,
                    base TEXT, ours TEXT, theirs TEXT,
                    policy TEXT NOT NULL, resolution TEXT NOT NULL,
                    detected_at INTEGER NOT NULL
                );
                CREATE INDEX conflicts_by_contact ON conflicts(contact_id);
                CREATE INDEX conflicts_by_run ON conflicts(run_id);

                ALTER TABLE stream_state ADD COLUMN page_token TEXT; -- opaque; null: start from the cursor
                ALTER TABLE runs ADD COLUMN parent_run_id INTEGER REFERENCES runs(id); -- the sync run that owns it
                CREATE INDEX runs_by_parent ON runs(parent_run_id) WHERE parent_run_id IS NOT NULL;
                ALTER TABLE scores ADD COLUMN decided_at INTEGER; -- when the pass ran (UTC seconds); null before v8
                """)
        }
    }
}

import GRDB

extension LeadStore {
    /// Scoring's part of the schema history. Frozen like the rest: add new migrations, never edit these.
    static func registerScoringMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-scoring") { db in
            try db.execute(sql: """
                CREATE TABLE stage_transitions (
                    id INTEGER PRIMARY KEY,
                    contact_id INTEGER NOT NULL REFERENCES contacts(id),
                    from_stage TEXT,                 -- null: the first stage recorded for the contact
                    to_stage TEXT NOT NULL,
                    at INTEGER NOT NULL,             -- seconds since 1970, UTC
                    reason TEXT NOT NULL,            -- StageReason raw value
                    fit REAL NOT NULL, engagement REAL NOT NULL, total REAL NOT NULL, -- the score at that moment
                    model_hash TEXT NOT NULL
                );
                CREATE INDEX stage_transitions_by_contact ON stage_transitions(contact_id, at);
                CREATE INDEX stage_transitions_by_stage ON stage_transitions(to_stage, at);
                -- Scoring reads every activity of a range of contacts: a covering index makes that a sequential
                -- index scan whatever order activities were pulled in. It has activities_by_contact's columns as
                -- its prefix, so it serves every query that index served, and replaces it.
                CREATE INDEX activities_for_scoring
                    ON activities(contact_id, type, occurred_at, url, campaign, asset);
                DROP INDEX activities_by_contact;
                """)
        }
    }
}

import GRDB

extension LeadStore {
    /// v11: the score history. Frozen like the rest: add new migrations, never edit this.
    ///
    /// - `score_history`: one row per change of a contact's score (fit, engagement, total, grade, stage or model),
    ///   keyed by contact, as-of time and model, so that a contact's trajectory is one range of the key in as-of
    ///   order, and scoring the same as-of time with two models keeps both. Seeded with every stored score, so an
    ///   upgraded store starts its history with the scores it holds.
    /// - `score_history_state`: one row, what the scoring pass needs to know to compare with the stored score
    ///   (cheap) instead of the history (see ``ScoringStatements/historyState(_:)``).
    static func registerScoreHistoryMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-score-history") { db in
            try db.execute(sql: """
                CREATE TABLE score_history (
                    contact_id INTEGER NOT NULL REFERENCES contacts(id),
                    as_of INTEGER NOT NULL,          -- the as-of time the score was computed for (UTC seconds)
                    model_hash TEXT NOT NULL,
                    fit REAL NOT NULL, engagement REAL NOT NULL, total REAL NOT NULL,
                    grade TEXT NOT NULL, stage TEXT NOT NULL,
                    decided_at INTEGER,              -- when the pass ran (UTC seconds); null: not known
                    PRIMARY KEY (contact_id, as_of, model_hash)
                ) WITHOUT ROWID;
                INSERT INTO score_history
                    (contact_id, as_of, model_hash, fit, engagement, total, grade, stage, decided_at)
                SELECT contact_id, computed_at, model_hash, fit, engagement, total, grade, stage, decided_at
                FROM scores ORDER BY contact_id;
                CREATE TABLE score_history_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    latest_as_of INTEGER,            -- the latest as_of in score_history; null: none yet
                    in_step INTEGER NOT NULL         -- 1: each stored score equals its contact's latest history row
                );
                INSERT INTO score_history_state (id, latest_as_of, in_step)
                VALUES (1, (SELECT MAX(as_of) FROM score_history), 1);
                """)
        }
    }
}

import GRDB

/// The scoring pass's statements, prepared on the connection of the access that runs them and stepped through
/// ``RawStatement`` by the pass's hot loops (the SQL lives here; the loops stay with the scoring).
enum ScoringStatements {
    /// A field the fit rules read: a column of `contacts`, or a custom field in its `extra` JSON.
    enum FitColumn {
        case column(String)
        case extra(String)

        var sql: String {
            switch self {
            case .column(let name): "\"\(name)\""
            case .extra(let name):
                "json_extract(extra, '$.\"" + name.replacingOccurrences(of: "'", with: "''")
                    .replacingOccurrences(of: "\"", with: "\\\"") + "\"')"
            }
        }
    }

    /// `id, lifecycle_stage, updated_at` and then `columns`, of the contacts with ids between the two bound ids.
    static func contacts(_ db: Database, columns: [FitColumn]) throws -> RawStatement {
        let fieldColumns = columns.map { ", " + $0.sql }.joined()
        return try RawStatement(db, sql: """
            SELECT id, lifecycle_stage, updated_at\(fieldColumns) FROM contacts
            WHERE id BETWEEN ? AND ? ORDER BY id
            """)
    }

    /// `contact_id, type, occurred_at, url, campaign, asset` of the activities of the contacts with ids between the
    /// two bound ids, in the covering index's order; a column the model does not read is NULL. With `sameEvent`,
    /// then `system` and the identifying detail that de-duplication compares (``SameEventWindow``: the first of
    /// url, asset and campaign that is not NULL). SQLite copies every text value a row returns, so the detail is
    /// one `coalesce` column rather than all three (the sqlite3 shell over 6 million rows, medians of 4: 0.64 s
    /// for the columns scoring reads anyway, 0.97 s with system and the coalesce, 1.17 s with system, campaign
    /// and asset).
    ///
    /// `earliest` leaves out the records older than their type's time: of a type whose every rule has
    /// `within_days`, the records past all of those windows count for no rule, and since such a record takes no
    /// part in de-duplication either, the outcome is the same as reading and skipping them. It spares the pass
    /// the bulk of a store's history: old email opens and clicks (in the benchmark's data, a third of the rows;
    /// measured with SQLite's C API over 4 million rows, about 10% less time to step them).
    static func activities(
        _ db: Database, url: Bool, campaign: Bool, asset: Bool, sameEvent: Bool,
        earliest: [(type: String, occurredAt: Int64)] = []
    ) throws -> RawStatement {
        let sameEventColumns = sameEvent ? ", system, coalesce(url, asset, campaign)" : ""
        // One CASE reads the type once per row; parameters from ?3 on: type, time, type, time…
        let window = earliest.isEmpty ? "" : "\n    AND occurred_at >= CASE type "
            + earliest.indices.map { "WHEN ?\(3 + 2 * $0) THEN ?\(4 + 2 * $0) " }.joined()
            + "ELSE occurred_at END"
        let statement = try RawStatement(db, sql: """
            SELECT contact_id, type, occurred_at, \(url ? "url" : "NULL"), \
            \(campaign ? "campaign" : "NULL"), \(asset ? "asset" : "NULL")\(sameEventColumns)
            FROM activities
            WHERE contact_id BETWEEN ?1 AND ?2\(window)
            ORDER BY contact_id, type, occurred_at, url, campaign, asset, system
            """)
        for (index, entry) in earliest.enumerated() {
            statement.bind(entry.type, at: CInt(3 + 2 * index))
            statement.bind(entry.occurredAt, at: CInt(4 + 2 * index))
        }
        return statement
    }

    /// `contact_id, fit, engagement, total, grade, stage, model_hash, explanation` of the stored scores of the
    /// contacts with ids between the two bound ids.
    static func previousScores(_ db: Database) throws -> RawStatement {
        try RawStatement(db, sql: """
            SELECT contact_id, fit, engagement, total, grade, stage, model_hash, explanation FROM scores
            WHERE contact_id BETWEEN ? AND ?
            """)
    }

    /// The email of the contact with the bound id.
    static func contactEmail(_ db: Database) throws -> RawStatement {
        try RawStatement(db, sql: "SELECT email FROM contacts WHERE id = ?")
    }

    /// Upserts a score: binds contact_id, fit, engagement, total, grade, stage, model_hash, computed_at,
    /// explanation, decided_at, in that order.
    static func upsertScore(_ db: Database) throws -> RawStatement {
        try RawStatement(db, sql: """
            INSERT INTO scores (contact_id, fit, engagement, total, grade, stage, model_hash, computed_at, \
            explanation, decided_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (contact_id) DO UPDATE SET
                fit = excluded.fit, engagement = excluded.engagement, total = excluded.total,
                grade = excluded.grade, stage = excluded.stage, model_hash = excluded.model_hash,
                computed_at = excluded.computed_at, explanation = excluded.explanation,
                decided_at = excluded.decided_at
            """)
    }

    /// Inserts a stage transition: binds contact_id, from_stage, to_stage, at, reason, fit, engagement, total,
    /// model_hash, at_source, in that order.
    static func insertTransition(_ db: Database) throws -> RawStatement {
        try RawStatement(db, sql: """
            INSERT INTO stage_transitions
                (contact_id, from_stage, to_stage, at, reason, fit, engagement, total, model_hash, at_source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Upserts a score history row: binds contact_id, as_of, model_hash, fit, engagement, total, grade, stage,
    /// decided_at, in that order. A second scoring of the same as-of time with the same model replaces the row
    /// (the same time and model, newer data).
    static func upsertHistory(_ db: Database) throws -> RawStatement {
        try RawStatement(db, sql: """
            INSERT INTO score_history (contact_id, as_of, model_hash, fit, engagement, total, grade, stage, decided_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (contact_id, as_of, model_hash) DO UPDATE SET
                fit = excluded.fit, engagement = excluded.engagement, total = excluded.total,
                grade = excluded.grade, stage = excluded.stage, decided_at = excluded.decided_at
            """)
    }

    /// Upserts a history row for each stored score of the contacts in `first...last`, from the score itself (its
    /// `computed_at` is the as-of time), as ``upsertHistory(_:)`` would; returns the number of rows written.
    static func copyHistoryFromScores(_ db: Database, first: Int64, last: Int64) throws -> Int {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO score_history (contact_id, as_of, model_hash, fit, engagement, total, grade, stage, decided_at)
            SELECT contact_id, computed_at, model_hash, fit, engagement, total, grade, stage, decided_at FROM scores
            WHERE contact_id BETWEEN ? AND ?
            ON CONFLICT (contact_id, as_of, model_hash) DO UPDATE SET
                fit = excluded.fit, engagement = excluded.engagement, total = excluded.total,
                grade = excluded.grade, stage = excluded.stage, decided_at = excluded.decided_at
            """)
        try statement.execute(arguments: [first, last])
        return db.changesCount
    }

    /// `model_hash, fit, engagement, total, grade, stage, decided_at` of the history rows of the bound contact at
    /// its latest as-of time at or before the bound time (one row unless two models scored that time).
    static func historyBefore(_ db: Database) throws -> RawStatement {
        try RawStatement(db, sql: """
            SELECT model_hash, fit, engagement, total, grade, stage, decided_at FROM score_history
            WHERE contact_id = ?1 AND as_of = (
                SELECT MAX(as_of) FROM score_history WHERE contact_id = ?1 AND as_of <= ?2)
            """)
    }

    /// The latest as-of time in the score history (nil: empty), and whether every stored score equals its
    /// contact's latest history row: when both hold for a pass's as-of time (it is not before the latest), the pass
    /// compares with the stored scores it reads anyway instead of reading the history.
    static func historyState(_ db: Database) throws -> (latestAsOf: Int64?, inStep: Bool) {
        let row = try Row.fetchOne(db, sql: "SELECT latest_as_of, in_step FROM score_history_state WHERE id = 1")
        return (row?[0], row.map { $0[1] as Bool } ?? false)
    }

    /// Records that history rows as of `asOf` were written (the latest as-of time moves up to it) and, when
    /// `scoresBehind`, that stored scores were written for a time before the latest history row (a backfill): the
    /// stored scores no longer match the latest history rows until a pass at or after the latest time completes.
    static func noteHistoryWritten(_ db: Database, asOf: Int64?, scoresBehind: Bool) throws {
        if let asOf {
            try db.cachedStatement(sql: """
                UPDATE score_history_state SET latest_as_of = ?1 WHERE latest_as_of IS NULL OR latest_as_of < ?1
                """).execute(arguments: [asOf])
        }
        if scoresBehind {
            try db.cachedStatement(sql: "UPDATE score_history_state SET in_step = 0 WHERE in_step = 1").execute()
        }
    }

    /// The number of rows in the score history.
    static func historyRowCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM score_history") ?? 0
    }

    /// Records that every stored score equals its contact's latest history row again (a complete pass at or after
    /// the latest as-of time ran).
    static func noteHistoryInStep(_ db: Database) throws {
        try db.execute(sql: "UPDATE score_history_state SET in_step = 1")
    }

    /// `extra, field_ranks` of the contact with the bound id: what ``StageTimes`` reads a CRM stage's time from.
    static func stageEvidence(_ db: Database) throws -> RawStatement {
        try RawStatement(db, sql: "SELECT extra, field_ranks FROM contacts WHERE id = ?")
    }

    /// At most `limit` contact ids from `start` on, ascending.
    static func contactIDs(_ db: Database, from start: Int64, limit: Int) throws -> FastDatabaseValueCursor<Int64> {
        try Int64.fetchCursor(
            db, sql: "SELECT id FROM contacts WHERE id >= ? ORDER BY id LIMIT ?", arguments: [start, limit])
    }
}

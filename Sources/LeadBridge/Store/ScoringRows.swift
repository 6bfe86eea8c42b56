import GRDB

/// The stored rows that `audit` and `explain` read, inside one read transaction of the store
/// (``LeadStore/readScoringRows(_:)``): the SQL lives here, the scoring's arithmetic stays with the scoring.
struct ScoringRows {
    /// A scored contact with the fields the audit lists.
    struct ScoredContact {
        var id: Int64
        var fit: Double
        var engagement: Double
        var total: Double
        var lifecycleStage: String?
        var email: String?
        var title: String?
        var company: String?
        var industry: String?
        var employees: Int64?
        /// Its first recorded stage transition, else its creation time; nil when neither is known
        /// (see ``ReviewWindow``).
        var reviewAt: Int64?
    }

    private let db: Database

    init(_ db: Database) {
        self.db = db
    }

    /// Every transition to a sales stage (sal or later) with the score at that moment: contact by contact,
    /// oldest transition first.
    func forEachSalesTransition(
        _ body: (_ id: Int64, _ toStage: String, _ fit: Double, _ engagement: Double, _ total: Double) -> Void
    ) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT contact_id, to_stage, fit, engagement, total FROM stage_transitions
            WHERE to_stage IN ('sal', 'sql', 'opportunity', 'customer') ORDER BY contact_id, at, id
            """)
        while let row = try rows.next() { body(row[0], row[1], row[2], row[3], row[4]) }
    }

    /// Every scored contact, in id order.
    func forEachScoredContact(_ body: (ScoredContact) -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT s.contact_id, s.fit, s.engagement, s.total, s.grade, c.lifecycle_stage,
                   c.email, c.title, c.company, c.industry, c.employees,
                   COALESCE((SELECT MIN(t.at) FROM stage_transitions t WHERE t.contact_id = s.contact_id), c.created_at)
            FROM scores s JOIN contacts c ON c.id = s.contact_id ORDER BY s.contact_id
            """)
        while let row = try rows.next() {
            body(ScoredContact(
                id: row[0], fit: row[1], engagement: row[2], total: row[3], lifecycleStage: row[5], email: row[6],
                title: row[7], company: row[8], industry: row[9], employees: row[10], reviewAt: row[11]))
        }
    }

    /// A scored contact as the audit's engine evaluation needs it: its CRM stage, its stored score and the review
    /// date that places it in a window.
    struct AuditedContact {
        var id: Int64
        var crmStage: String?
        var fit: Double
        var engagement: Double
        var total: Double
        var stage: String
        var explanation: String
        /// Its first recorded stage transition, else its creation time (see ``ReviewWindow``).
        var reviewAt: Int64?
    }

    /// The time of the latest stored score (`scores.computed_at`); nil when nothing is scored.
    func latestScoreTime() throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT MAX(computed_at) FROM scores")
    }

    /// The scored contacts with ids in `first...last`, in id order.
    func forEachAuditedContact(first: Int64, last: Int64, _ body: (AuditedContact) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db, sql: """
                SELECT s.contact_id, c.lifecycle_stage, s.fit, s.engagement, s.total, s.stage, s.explanation,
                       COALESCE((SELECT MIN(t.at) FROM stage_transitions t WHERE t.contact_id = s.contact_id),
                                c.created_at)
                FROM scores s JOIN contacts c ON c.id = s.contact_id
                WHERE s.contact_id BETWEEN ? AND ? ORDER BY s.contact_id
                """, arguments: [first, last])
        while let row = try rows.next() {
            try body(AuditedContact(
                id: row[0], crmStage: row[1], fit: row[2], engagement: row[3], total: row[4], stage: row[5],
                explanation: row[6], reviewAt: row[7]))
        }
    }

    /// The transitions to a sales stage (sal or later) of the contacts with ids in `first...last`: contact by
    /// contact, oldest first. (`+to_stage` keeps SQLite on the by-contact index: the by-stage one would read every
    /// sales transition of the store for each range.)
    func forEachSalesTransition(
        first: Int64, last: Int64, _ body: (_ id: Int64, _ toStage: String, _ at: Int64) -> Void
    ) throws {
        let rows = try Row.fetchCursor(
            db, sql: """
                SELECT contact_id, to_stage, at FROM stage_transitions
                WHERE contact_id BETWEEN ? AND ? AND +to_stage IN ('sal', 'sql', 'opportunity', 'customer')
                ORDER BY contact_id, at, id
                """, arguments: [first, last])
        while let row = try rows.next() { body(row[0], row[1], row[2]) }
    }

    /// Transitions to mql or a sales stage, with where their time came from, the contact's current scored stage
    /// and its review date (its first recorded transition of any kind), contact by contact, oldest first.
    func forEachHandoffTransition(
        _ body: (
            _ id: Int64, _ toStage: String, _ at: Int64, _ atSource: String?, _ currentStage: String?,
            _ reviewAt: Int64
        ) -> Void
    ) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT t.contact_id, t.to_stage, t.at, t.at_source, s.stage,
                   (SELECT MIN(f.at) FROM stage_transitions f WHERE f.contact_id = t.contact_id)
            FROM stage_transitions t
            LEFT JOIN scores s ON s.contact_id = t.contact_id
            WHERE t.to_stage IN ('mql', 'sal', 'sql', 'opportunity', 'customer')
            ORDER BY t.contact_id, t.at, t.id
            """)
        while let row = try rows.next() { body(row[0], row[1], row[2], row[3], row[4], row[5]) }
    }

    /// When a contact reached a CRM stage and where that time comes from (see ``StageTimes``).
    func stageTime(contactID: Int64, stage: LifecycleStage) throws -> (at: Int64, source: StageTimeSource)? {
        try StageTimes(db).time(contactID: contactID, stage: stage)
    }

    /// A contact's email and company; nil when there is no such contact.
    func emailAndCompany(contactID: Int64) throws -> (email: String?, company: String?)? {
        let statement = try db.cachedStatement(sql: "SELECT email, company FROM contacts WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [contactID]).map { ($0[0], $0[1]) }
    }

    /// A contact's id and canonical fields as text (in `CanonicalField.allCases` order; numbers as their decimal
    /// text), then its custom fields (`extra`, by name), found by id when `key` is a number, else by email
    /// (lower-cased); nil when there is none.
    func contactFields(key: String) throws -> (id: Int64, texts: [String?], extra: [String: String])? {
        let fields = CanonicalField.allCases
        let columns = fields.map { "\"\($0.column)\"" }.joined(separator: ", ") + ", extra"
        let row: Row?
        if let id = Int64(key) {
            row = try Row.fetchOne(db, sql: "SELECT id, \(columns) FROM contacts WHERE id = ?", arguments: [id])
        } else {
            row = try Row.fetchOne(
                db, sql: "SELECT id, \(columns) FROM contacts WHERE email = ?", arguments: [key.lowercased()])
        }
        guard let row else { return nil }
        let texts = fields.indices.map { index -> String? in
            switch (row[1 + index] as DatabaseValue).storage {
            case .string(let text): text
            case .int64(let number): String(number)
            case .double(let number): String(number)
            case .null, .blob: nil
            }
        }
        let extra = (row[1 + fields.count] as String?).flatMap(JSONText.decodeObject) ?? [:]
        return (row[0], texts, extra)
    }

    /// A contact's activities of the given types up to `asOf`, with the system each record came from, in the
    /// order the scoring pass sums them (the covering index's).
    func forEachActivity(
        contactID: Int64, types: [String], asOf: Int64,
        _ body: (
            _ type: String, _ occurredAt: Int64, _ url: String?, _ campaign: String?, _ asset: String?,
            _ system: String
        ) -> Void
    ) throws {
        let quoted = types.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }
        let rows = try Row.fetchCursor(
            db, sql: """
                SELECT type, occurred_at, url, campaign, asset, system FROM activities
                WHERE contact_id = ? AND type IN (\(quoted.joined(separator: ", "))) AND occurred_at <= ?
                ORDER BY type, occurred_at, url, campaign, asset, system
                """, arguments: [contactID, asOf])
        while let row = try rows.next() { body(row[0], row[1], row[2], row[3], row[4], row[5]) }
    }

    /// A contact's stored score, if it has one.
    func storedScore(contactID: Int64) throws -> StoredScore? {
        try Row.fetchOne(
            db, sql: """
                SELECT fit, engagement, total, grade, stage, model_hash, computed_at FROM scores WHERE contact_id = ?
                """, arguments: [contactID]
        ).map {
            StoredScore(
                fit: $0[0], engagement: $0[1], total: $0[2], grade: $0[3], stage: $0[4], modelHash: $0[5],
                computedAt: $0[6])
        }
    }

    /// A contact's score history in as-of order (two models that scored the same time: in the order they ran).
    func scoreHistory(contactID: Int64) throws -> [ScoreHistoryEntry] {
        try Row.fetchAll(
            db, sql: """
                SELECT as_of, model_hash, fit, engagement, total, grade, stage, decided_at FROM score_history
                WHERE contact_id = ? ORDER BY as_of, decided_at, model_hash
                """, arguments: [contactID]
        ).map {
            ScoreHistoryEntry(
                asOf: $0[0], modelHash: $0[1], fit: $0[2], engagement: $0[3], total: $0[4], grade: $0[5],
                stage: $0[6], decidedAt: $0[7])
        }
    }

    /// Every recorded stage transition of a contact, oldest first.
    func stageTransitions(contactID: Int64) throws -> [StageTransition] {
        try Row.fetchAll(
            db, sql: """
                SELECT contact_id, from_stage, to_stage, at, reason, fit, engagement, total, model_hash, at_source
                FROM stage_transitions WHERE contact_id = ? ORDER BY at, id
                """, arguments: [contactID]
        ).compactMap(StageTransition.init(row:))
    }
}

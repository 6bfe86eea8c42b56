import GRDB

extension LeadStore {
    // MARK: Candidates and bases

    /// The live (not deleted) records of a push target with their people's stored scores, in (object, key) order:
    /// all of them, or those after `after`, at most `limit` (a backfill's chunk). People without a score are left
    /// out: there is nothing to push for them.
    public func pushCandidates(target: String, after: (object: String, id: String)? = nil, limit: Int? = nil)
        throws(StoreError) -> [PushCandidate]
    {
        try read { db in
            var arguments: [any DatabaseValueConvertible] = [target]
            var range = ""
            if let after {
                range = " AND (l.object, l.external_id) > (?, ?)"
                arguments += [after.object, after.id]
            }
            var limitClause = ""
            if let limit {
                limitClause = " LIMIT ?"
                arguments.append(limit)
            }
            let rows = try Row.fetchCursor(db, sql: """
                SELECT l.contact_id, c.email, l.object, l.external_id,
                       s.fit, s.engagement, s.total, s.grade, s.stage, s.model_hash, s.computed_at, s.decided_at,
                       (SELECT COUNT(*) FROM source_links m
                         WHERE m.contact_id = l.contact_id AND m.system = l.system AND m.deleted = 0)
                FROM source_links l
                JOIN scores s ON s.contact_id = l.contact_id
                JOIN contacts c ON c.id = l.contact_id
                WHERE l.system = ? AND l.deleted = 0\(range)
                ORDER BY l.object, l.external_id\(limitClause)
                """, arguments: StatementArguments(arguments))
            var found: [PushCandidate] = []
            while let row = try rows.next() {
                found.append(PushCandidate(
                    contactID: row[0], email: row[1], object: row[2], externalID: row[3],
                    score: StoredScore(fit: row[4], engagement: row[5], total: row[6], grade: row[7], stage: row[8],
                                       modelHash: row[9], computedAt: row[10]),
                    decidedAt: row[11], linksInTarget: row[12]))
            }
            return found
        }
    }

    /// How many live records a target has: the denominator of the push guard's share.
    public func liveRecordCount(target: String) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source_links WHERE system = ? AND deleted = 0",
                             arguments: [target]) ?? 0
        }
    }

    /// The bases of a target: the remote values LeadBridge last saw or wrote; all of them, or those of the records
    /// from `from` through `through` in (object, key) order (a backfill's chunk).
    public func fieldBases(target: String, from: (object: String, id: String)? = nil,
                           through: (object: String, id: String)? = nil) throws(StoreError)
        -> [RemoteFieldKey: FieldBase]
    {
        try read { db in
            var sql = """
                SELECT object, external_id, field, value, seen_at, written_run_id FROM field_state WHERE target = ?
                """
            var arguments: [any DatabaseValueConvertible] = [target]
            if let from {
                sql += " AND (object, external_id) >= (?, ?)"
                arguments += [from.object, from.id]
            }
            if let through {
                sql += " AND (object, external_id) <= (?, ?)"
                arguments += [through.object, through.id]
            }
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            var bases: [RemoteFieldKey: FieldBase] = [:]
            while let row = try rows.next() {
                bases[RemoteFieldKey(object: row[0], externalID: row[1], field: row[2])] =
                    FieldBase(value: row[3], seenAt: row[4], writtenRunID: row[5])
            }
            return bases
        }
    }

    /// Keeps remote values as seen, as bases.
    ///
    /// - Parameter keepWritten: true for what a pull saw: a base that a push wrote stays (a different value
    ///   pulled after it is someone's change, which the next push reports as a conflict); false for what a push
    ///   read just before planning, which replaces any base.
    public func rememberSeen(_ values: [SeenFieldValue], target: String, keepWritten: Bool, now: Int64)
        throws(StoreError)
    {
        guard !values.isEmpty else { return }
        try write { db in try rememberSeen(values, target: target, keepWritten: keepWritten, now: now, db: db) }
    }

    func rememberSeen(_ values: [SeenFieldValue], target: String, keepWritten: Bool, now: Int64, db: Database)
        throws
    {
        let statement = try db.cachedStatement(sql: keepWritten
            ? """
                INSERT INTO field_state (target, object, external_id, field, value, seen_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (target, object, external_id, field) DO UPDATE SET
                    value = excluded.value, seen_at = excluded.seen_at
                WHERE field_state.written_run_id IS NULL AND field_state.value IS NOT excluded.value
                """
            : """
                INSERT INTO field_state (target, object, external_id, field, value, seen_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (target, object, external_id, field) DO UPDATE SET
                    value = excluded.value, seen_at = excluded.seen_at, written_run_id = NULL
                """)
        for seen in values {
            try statement.execute(arguments: [
                target, seen.key.object, seen.key.externalID, seen.key.field, seen.value, now,
            ])
        }
    }

    // MARK: Journal

    /// Journals a batch before it is sent (status `planned`).
    public func journalBatch(_ entry: PushJournalEntry) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO push_journal (run_id, seq, plan_id, plan_hash, target, object, intent, status, outcome,
                                          updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    entry.runID, entry.seq, entry.planID, entry.planHash, entry.target, entry.object, entry.intent,
                    entry.status.rawValue, entry.outcome, entry.updatedAt,
                ])
        }
    }

    /// Moves a journaled batch to a new status (`sent` just before the request; `unknown` or `failed` when it
    /// wrote nothing known).
    public func markBatch(runID: Int64, seq: Int64, _ status: PushJournalEntry.Status, outcome: String? = nil,
                          now: Int64) throws(StoreError)
    {
        try write { db in
            try db.execute(sql: """
                UPDATE push_journal SET status = ?, outcome = COALESCE(?, outcome), updated_at = ?
                WHERE run_id = ? AND seq = ?
                """, arguments: [status.rawValue, outcome, now, runID, seq])
        }
    }

    /// What a confirmed batch changes, in one transaction: the journal entry, the bases of the fields the remote
    /// confirmed (and the conflicts those writes settle), and the rejected records.
    public func settleBatch(
        runID: Int64, seq: Int64, target: String, outcome: String, written: [SeenFieldValue],
        rejects: [RejectEntry], now: Int64
    ) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE push_journal SET status = 'confirmed', outcome = ?, updated_at = ? WHERE run_id = ? AND seq = ?
                """, arguments: [outcome, now, runID, seq])
            let base = try db.cachedStatement(sql: """
                INSERT INTO field_state (target, object, external_id, field, value, seen_at, written_run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (target, object, external_id, field) DO UPDATE SET
                    value = excluded.value, seen_at = excluded.seen_at, written_run_id = excluded.written_run_id
                """)
            let settle = try db.cachedStatement(sql: """
                UPDATE conflicts SET resolution = 'overwritten'
                WHERE target = ? AND object = ? AND external_id = ? AND field = ? AND resolution = 'overwrite'
                """)
            for field in written {
                let key = field.key
                try base.execute(arguments: [target, key.object, key.externalID, key.field, field.value, now, runID])
                try settle.execute(arguments: [target, key.object, key.externalID, key.field])
            }
            try insert(rejects: rejects, runID: runID, now: now, db: db)
        }
    }

    /// A run's journal, in batch order.
    public func journal(runID: Int64) throws(StoreError) -> [PushJournalEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT run_id, seq, plan_id, plan_hash, target, object, intent, status, outcome, updated_at
                FROM push_journal WHERE run_id = ? ORDER BY seq
                """, arguments: [runID]).map(Self.journalEntry)
        }
    }

    /// Batches of earlier runs of a target whose outcome nobody knows (sent when the run died, or whose
    /// connection dropped): their records are read again before the next plan.
    public func unsettledBatches(target: String) throws(StoreError) -> [PushJournalEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT run_id, seq, plan_id, plan_hash, target, object, intent, status, outcome, updated_at
                FROM push_journal WHERE target = ? AND status IN ('sent', 'unknown') ORDER BY run_id, seq
                """, arguments: [target]).map(Self.journalEntry)
        }
    }

    /// Marks batches whose records were read again and re-planned, so that they are not counted again.
    public func markReplanned(_ entries: [PushJournalEntry], now: Int64) throws(StoreError) {
        guard !entries.isEmpty else { return }
        try write { db in
            for entry in entries {
                try db.execute(sql: """
                    UPDATE push_journal SET status = 'failed',
                        outcome = COALESCE(outcome, '') || ' (read again and re-planned)', updated_at = ?
                    WHERE run_id = ? AND seq = ? AND status IN ('sent', 'unknown')
                    """, arguments: [now, entry.runID, entry.seq])
            }
        }
    }

    private static func journalEntry(_ row: Row) -> PushJournalEntry {
        PushJournalEntry(
            runID: row[0], seq: row[1], planID: row[2], planHash: row[3], target: row[4], object: row[5],
            intent: row[6], status: PushJournalEntry.Status(rawValue: row[7]) ?? .unknown, outcome: row[8],
            updatedAt: row[9])
    }

    // MARK: Conflicts

    /// Conflicts, newest first: every one, or those of one target, or only with these resolutions.
    public func conflicts(target: String? = nil, resolutions: Set<StoredConflict.Resolution>? = nil)
        throws(StoreError) -> [StoredConflict]
    {
        try read { db in
            var sql = """
                SELECT k.id, k.run_id, k.contact_id, c.email, k.target, k.object, k.external_id, k.field, k.base,
                       k.ours, k.theirs, k.policy, k.resolution, k.detected_at, k.remote_modified_at,
                       k.remote_modified_by
                FROM conflicts k LEFT JOIN contacts c ON c.id = k.contact_id WHERE 1
                """
            var arguments: [any DatabaseValueConvertible] = []
            if let target {
                sql += " AND k.target = ?"
                arguments.append(target)
            }
            if let resolutions {
                sql += " AND k.resolution IN (" + resolutions.map { _ in "?" }.joined(separator: ", ") + ")"
                arguments += resolutions.map(\.rawValue)
            }
            sql += " ORDER BY k.id DESC"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.conflict)
        }
    }

    /// The conflicts a plan takes into account, by field: open, decided (`kept`, `overwrite`) and `not_taken`.
    public func activeConflicts(target: String) throws(StoreError) -> [RemoteFieldKey: StoredConflict] {
        var active: [RemoteFieldKey: StoredConflict] = [:]
        for conflict in try conflicts(target: target, resolutions: [.open, .kept, .overwrite, .notTaken])
        where active[conflict.key] == nil {
            active[conflict.key] = conflict
        }
        return active
    }

    /// Records conflicts a push found. A field whose active conflict has the same remote value is updated in
    /// place (one row per disagreement, however many runs see it); otherwise the old one is superseded.
    public func recordConflicts(_ found: [StoredConflict], now: Int64) throws(StoreError) {
        guard !found.isEmpty else { return }
        try write { db in
            for conflict in found {
                let key = conflict.key
                let existing = try Row.fetchOne(db, sql: """
                    SELECT id, theirs, resolution FROM conflicts
                    WHERE target = ? AND object = ? AND external_id = ? AND field = ?
                      AND resolution IN ('open', 'kept', 'overwrite', 'not_taken')
                    ORDER BY id DESC LIMIT 1
                    """, arguments: [conflict.target, key.object, key.externalID, key.field])
                if let existing, (existing[1] as String?) == conflict.theirs {
                    let keepDecision = conflict.resolution == .open
                    try db.execute(sql: """
                        UPDATE conflicts SET ours = ?, run_id = ?, resolution = CASE WHEN ? THEN resolution ELSE ? END
                        WHERE id = ?
                        """, arguments: [conflict.ours, conflict.runID, keepDecision, conflict.resolution.rawValue,
                                         existing[0] as Int64])
                    continue
                }
                if let existing {
                    try db.execute(sql: "UPDATE conflicts SET resolution = 'superseded' WHERE id = ?",
                                   arguments: [existing[0] as Int64])
                }
                try db.execute(sql: """
                    INSERT INTO conflicts (run_id, contact_id, target, object, external_id, field, base, ours, theirs,
                                           policy, resolution, detected_at, remote_modified_at, remote_modified_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        conflict.runID, conflict.contactID, conflict.target, key.object, key.externalID, key.field,
                        conflict.base, conflict.ours, conflict.theirs, conflict.policy, conflict.resolution.rawValue,
                        now, conflict.remoteModifiedAt, conflict.remoteModifiedBy,
                    ])
            }
        }
    }

    /// Closes active conflicts whose remote value came back to agree (theirs equals ours, or the base).
    public func supersedeConflicts(_ keys: [RemoteFieldKey], target: String) throws(StoreError) {
        guard !keys.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(sql: """
                UPDATE conflicts SET resolution = 'superseded'
                WHERE target = ? AND object = ? AND external_id = ? AND field = ?
                  AND resolution IN ('open', 'kept', 'overwrite', 'not_taken')
                """)
            for key in keys {
                try statement.execute(arguments: [target, key.object, key.externalID, key.field])
            }
        }
    }

    /// Decides open conflicts: `kept` or `overwrite`. Returns the ids that were open (others are left alone).
    public func resolveConflicts(ids: [Int64], as resolution: StoredConflict.Resolution) throws(StoreError)
        -> [Int64]
    {
        try write { db in
            var decided: [Int64] = []
            for id in ids {
                try db.execute(sql: """
                    UPDATE conflicts SET resolution = ? WHERE id = ? AND resolution IN ('open', 'not_taken', 'kept')
                    """, arguments: [resolution.rawValue, id])
                if db.changesCount > 0 { decided.append(id) }
            }
            return decided
        }
    }

    private static func conflict(_ row: Row) -> StoredConflict {
        StoredConflict(
            id: row[0], runID: row[1], contactID: row[2], email: row[3], target: row[4],
            key: RemoteFieldKey(object: row[5], externalID: row[6], field: row[7]), base: row[8], ours: row[9],
            theirs: row[10], policy: row[11], resolution: StoredConflict.Resolution(rawValue: row[12]) ?? .open,
            detectedAt: row[13], remoteModifiedAt: row[14], remoteModifiedBy: row[15])
    }

    // MARK: Backfill checkpoints

    /// Where an unfinished backfill of a target's object stopped: the last remote key it settled.
    public func backfillCheckpoint(target: String, object: String) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: """
                SELECT cursor_id FROM stream_state WHERE connection = ? AND stream = ?
                """, arguments: [target, "backfill:" + object])
        }
    }

    /// Moves a backfill's checkpoint; nil forgets it (the backfill finished).
    public func setBackfillCheckpoint(target: String, object: String, lastKey: String?, now: Int64)
        throws(StoreError)
    {
        try write { db in
            if let lastKey {
                try db.execute(sql: """
                    INSERT INTO stream_state (connection, stream, cursor_time, cursor_id, updated_at)
                    VALUES (?, ?, NULL, ?, ?)
                    ON CONFLICT (connection, stream) DO UPDATE SET cursor_id = excluded.cursor_id,
                        updated_at = excluded.updated_at
                    """, arguments: [target, "backfill:" + object, lastKey, now])
            } else {
                try db.execute(sql: "DELETE FROM stream_state WHERE connection = ? AND stream = ?",
                               arguments: [target, "backfill:" + object])
            }
        }
    }
}

extension LeadStore {
    /// The scoring model most stored scores came from; nil before scoring.
    public func currentModelHash() throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: """
                SELECT model_hash FROM scores GROUP BY model_hash ORDER BY COUNT(*) DESC LIMIT 1
                """)
        }
    }
}

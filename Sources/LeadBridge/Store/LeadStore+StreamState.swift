import GRDB

extension LeadStore {
    /// The stored cursor of one connection's stream, or nil before its first pull.
    ///
    /// `stream_state.cursor_time` holds UTC **milliseconds** (remote modification stamps are finer than seconds).
    public func streamCursor(connection: String, stream: String) throws(StoreError) -> StreamCursor? {
        try read { db in try streamCursor(connection: connection, stream: stream, db: db) }
    }

    /// The stored position of one connection's stream, its cursor and its paging token read together; nil before
    /// its first pull.
    public func streamPosition(connection: String, stream: String) throws(StoreError) -> StreamPosition? {
        try read { db in
            try Row.fetchOne(
                db, sql: """
                    SELECT cursor_time, cursor_id, page_token FROM stream_state WHERE connection = ? AND stream = ?
                    """,
                arguments: [connection, stream]
            ).map { row in
                let time: Int64? = row[0]
                return StreamPosition(cursor: time.map { StreamCursor(time: $0, id: row[1] ?? "") }, pageToken: row[2])
            }
        }
    }

    /// Forgets the cursors of a connection (every stream, or the named ones), so the next pull is a full one.
    public func resetStreamCursors(connection: String, streams: [String]? = nil) throws(StoreError) {
        try write { db in
            if let streams {
                for stream in streams {
                    try db.execute(sql: "DELETE FROM stream_state WHERE connection = ? AND stream = ?",
                        arguments: [connection, stream])
                }
            } else {
                try db.execute(sql: "DELETE FROM stream_state WHERE connection = ?", arguments: [connection])
            }
        }
    }

    /// API calls the connection's pulls recorded since the start of the UTC day of `now` (seconds): what the
    /// `api_budget_per_day` setting draws on. A run killed before it finished recorded none.
    public func apiCallsToday(connection: String, now: Int64) throws(StoreError) -> Int {
        let dayStart = now - ((now % 86_400) + 86_400) % 86_400
        return try read { db in
            try Int.fetchOne(db, sql: """
                SELECT COALESCE(SUM(CAST(json_extract(counts, '$.api_calls') AS INTEGER)), 0) FROM runs
                WHERE command = 'pull' AND connection = ? AND started_at >= ? AND counts IS NOT NULL
                """, arguments: [connection, dayStart]) ?? 0
        }
    }

    func streamCursor(connection: String, stream: String, db: Database) throws -> StreamCursor? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT cursor_time, cursor_id FROM stream_state WHERE connection = ? AND stream = ?"),
            arguments: [connection, stream])
        else { return nil }
        guard let time: Int64 = row[0] else { return nil }
        return StreamCursor(time: time, id: row[1] ?? "")
    }

    /// Moves a stream's cursor forward (never back) inside the caller's transaction, the one that stores the page
    /// the cursor covers.
    func advanceStreamCursor(_ cursor: StreamCursor, connection: String, stream: String, now: Int64, db: Database)
        throws
    {
        if let stored = try streamCursor(connection: connection, stream: stream, db: db), stored >= cursor { return }
        try db.execute(
            sql: """
                INSERT INTO stream_state (connection, stream, cursor_time, cursor_id, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (connection, stream) DO UPDATE SET
                    cursor_time = excluded.cursor_time, cursor_id = excluded.cursor_id, updated_at = excluded.updated_at
                """,
            arguments: [connection, stream, cursor.time, cursor.id, now])
    }

    /// Saves the token of a stream's next page inside the caller's transaction, the one that stores the page
    /// before it (the token replaces the stored one; the cursor is left as it is).
    func saveStreamPageToken(_ token: String, connection: String, stream: String, now: Int64, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO stream_state (connection, stream, page_token, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (connection, stream) DO UPDATE SET
                    page_token = excluded.page_token, updated_at = excluded.updated_at
                """,
            arguments: [connection, stream, token, now])
    }

    /// Applies one pulled page, advances its stream's cursor, saves its next page token and updates its retry
    /// keys, in one transaction.
    ///
    /// - Parameter pageToken: the token of the page after this one, for a stream that pages by token; nil
    ///   leaves the stored token as it is.
    /// - Parameter retryKeys: the page's change to the stream's retry keys, before the store's own rejections
    ///   (which it adds, see ``RetryKeyChange/absorb(_:)``); nil for a stream whose rejects are not retried.
    func applyPulledPage(
        contacts: [ContactPatch], activities: [ActivityPatch], rejects: [RejectEntry], cursor: StreamCursor?,
        tombstones: (object: String, ids: [String]) = ("", []), retryKeys: RetryKeyChange? = nil,
        seenPushFields: [SeenFieldValue] = [], pageToken: String? = nil, connection: String, stream: String, runID: Int64, now: Int64
    ) throws(StoreError) -> ApplyResult {
        try write { db in
            for id in tombstones.ids {
                try db.execute(
                    sql: "UPDATE source_links SET deleted = 1 WHERE system = ? AND object = ? AND external_id = ?",
                    arguments: [connection, tombstones.object, id])
            }
            var result = ApplyResult()
            if !contacts.isEmpty || activities.isEmpty {
                result += try applyContacts(
                    contacts, hints: nil, bulkLoad: nil, rejects: activities.isEmpty ? rejects : [], runID: runID,
                    now: now, db: db)
            }
            if !activities.isEmpty {
                result += try applyActivities(activities, rejects: rejects, runID: runID, now: now, db: db)
            }
            if !seenPushFields.isEmpty {
                try rememberSeen(seenPushFields, target: connection, keepWritten: true, now: now, db: db)
            }
            if let cursor {
                try advanceStreamCursor(cursor, connection: connection, stream: stream, now: now, db: db)
            }
            if let pageToken {
                try saveStreamPageToken(pageToken, connection: connection, stream: stream, now: now, db: db)
            }
            if var retryKeys {
                retryKeys.absorb(result.rejected)
                try updateRetryKeys(retryKeys, connection: connection, stream: stream, runID: runID, now: now, db: db)
            }
            return result
        }
    }
}

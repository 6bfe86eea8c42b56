import GRDB

extension LeadStore {
    /// The keys of a stream's records that a pull rejected and that the next pull reads again, in key order.
    public func retryKeys(connection: String, stream: String) throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT external_id FROM retry_keys WHERE connection = ? AND stream = ? ORDER BY external_id
                """, arguments: [connection, stream])
        }
    }

    /// Records the keys a page rejected and forgets the ones it stored or the remote no longer has, inside the
    /// caller's transaction (the one that stores the page).
    func updateRetryKeys(_ change: RetryKeyChange, connection: String, stream: String, runID: Int64, now: Int64,
                         db: Database) throws
    {
        for id in change.resolved {
            try db.cachedStatement(
                sql: "DELETE FROM retry_keys WHERE connection = ? AND stream = ? AND external_id = ?"
            ).execute(arguments: [connection, stream, id])
        }
        for (id, code) in change.rejected.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(sql: """
                INSERT INTO retry_keys (connection, stream, external_id, code, run_id, rejected_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (connection, stream, external_id) DO UPDATE SET
                    code = excluded.code, run_id = excluded.run_id, rejected_at = excluded.rejected_at
                """).execute(arguments: [connection, stream, id, code, runID, now])
        }
    }
}

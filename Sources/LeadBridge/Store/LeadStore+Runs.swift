import GRDB

extension LeadStore {
    /// Records the start of a run and returns its id.
    ///
    /// With a ``runOwner``, the run records its process and host, and every other run still `running` whose process
    /// is gone (see ``RunOwner/abandonment(pid:host:startedAt:now:)``) becomes `interrupted`, in the same
    /// transaction.
    public func startRun(command: String, connection: String?, now: Int64) throws(StoreError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO runs (command, connection, started_at, pid, host) VALUES (?, ?, ?, ?, ?)",
                arguments: [command, connection, now, runOwner.map { Int64($0.pid) }, runOwner?.host])
            let id = db.lastInsertedRowID
            guard let runOwner else { return id }
            let running = try Row.fetchAll(
                db, sql: "SELECT id, pid, host, started_at FROM runs WHERE status = 'running' AND id <> ?",
                arguments: [id])
            for row in running {
                guard let reason = runOwner.abandonment(pid: row[1], host: row[2], startedAt: row[3], now: now)
                else { continue }
                try db.execute(
                    sql: "UPDATE runs SET status = 'interrupted', message = ? WHERE id = ? AND status = 'running'",
                    arguments: [reason + " (noticed by run \(id))", row[0] as Int64])
            }
            return id
        }
    }

    /// Records how a run ended.
    public func finishRun(
        _ id: Int64, status: RunRecord.Status, counts: [String: Int], message: String? = nil, now: Int64
    ) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE runs SET finished_at = ?, status = ?, counts = ?, message = ? WHERE id = ?",
                arguments: [now, status.rawValue, JSONText.object(counts.mapValues(String.init)), message, id])
        }
    }

    /// The most recent runs, newest first.
    public func recentRuns(limit: Int = 20) throws(StoreError) -> [RunRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, command, connection, started_at, finished_at, status, counts, message, pid, host "
                    + "FROM runs ORDER BY id DESC LIMIT ?", arguments: [limit]
            ).map { row in
                RunRecord(
                    id: row[0], command: row[1], connection: row[2], startedAt: row[3], finishedAt: row[4],
                    status: RunRecord.Status(rawValue: row[5]) ?? .failed,
                    counts: (JSONText.decodeObject(row[6] ?? "{}") ?? [:]).compactMapValues { Int($0) },
                    message: row[7], pid: row[8], host: row[9])
            }
        }
    }

    /// The rejects recorded for a run, oldest first.
    public func rejects(runID: Int64) throws(StoreError) -> [RecordRejection] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT location, external_id, code, message FROM rejects WHERE run_id = ? ORDER BY id",
                arguments: [runID]
            ).map { row in
                RecordRejection(
                    code: row[2], message: row[3], location: RecordLocation(source: row[0], index: 0),
                    externalID: row[1])
            }
        }
    }

    /// Row counts of the main tables, for reports and tests.
    public func counts() throws(StoreError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["contacts", "source_links", "activities", "scores", "rejects", "runs"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }
}

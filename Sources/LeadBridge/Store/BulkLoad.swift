import GRDB

/// A first import into an empty store, done the fast way: without the unique email index while rows go in, and
/// with the index built once at the end from sorted keys.
///
/// Inserting a million emails in random order into a B-tree index is most of what a first import costs
/// (measured here with Python's sqlite3 on a contacts-like table: 44,000 rows/s with the index for a million rows,
/// 250,000 without, and 0.3 s per 300,000 rows to build it afterwards). While the index
/// is away, the emails of the contacts this load created are found through an ``EmailOwnerTable``; every answer
/// it gives is confirmed against the stored row. Uniqueness holds throughout, because every email goes through
/// the table before it is written, and the index checks it again when it is built.
///
/// A load that is killed leaves the store without the index for a while: the next write of contacts or
/// activities (``LeadStore/restoreBulkLoadIndexes(_:)``) builds it first. Used by one writer thread only.
final class BulkLoad: @unchecked Sendable {
    private(set) var isActive = false
    private var owners = EmailOwnerTable()

    /// Starts bulk loading when the store has no contacts; otherwise leaves the store as it is.
    func begin(_ db: Database) throws {
        let empty = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM contacts LIMIT 1)") == 0
        guard empty else {
            try LeadStore.restoreBulkLoadIndexes(db)
            return
        }
        try LeadStore.dropBulkLoadIndexes(db)
        isActive = true
    }

    /// The id of the contact that holds `email` now, among those this load created.
    func owner(of email: String, db: Database) throws -> Int64? {
        for id in owners.candidates(for: email) {
            let stored = try String.fetchOne(
                db.cachedStatement(sql: "SELECT email FROM contacts WHERE id = ?"), arguments: [id])
            if stored == email { return id }
        }
        return nil
    }

    /// Records the emails a batch gave to contacts.
    func record(_ emails: some Sequence<(String, Int64)>) throws {
        for (email, id) in emails {
            guard id <= EmailOwnerTable.maximumID else {
                throw StoreError(.write, "a bulk load cannot hold contact ids above \(EmailOwnerTable.maximumID)")
            }
            owners.insert(email, id: id)
        }
    }

    /// Builds the email index (also after a load that stopped early) and ends bulk loading.
    ///
    /// The table's memory goes back first, and the sort runs in a 4 MiB page cache, spilling to temporary files,
    /// so that the build does not raise the import's peak memory.
    func finish(_ db: Database) throws {
        guard isActive else { return }
        isActive = false
        owners = EmailOwnerTable(capacity: 0)
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -4096")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        try LeadStore.restoreBulkLoadIndexes(db)
    }
}

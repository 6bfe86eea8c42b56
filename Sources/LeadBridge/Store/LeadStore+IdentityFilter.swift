import GRDB

/// The identities already in the store for one source, as filters an import checks before touching the database.
struct KnownIdentities {
    var emails: IdentityFilter
    var links: IdentityFilter

    /// True when the record is certainly new: neither its email nor its link id is in the store or was seen
    /// earlier in this import. Records the keys as seen.
    mutating func isCertainlyNew(_ patch: ContactPatch) -> Bool {
        var new = !links.insert(patch.externalID)
        if let email = patch.email, emails.insert(email) { new = false }
        return new
    }
}

extension LeadStore {
    /// Reads every stored email and the link ids of one source into filters (one scan of each index).
    ///
    /// It reads on the writer's connection, whose page cache the import is about to use anyway, rather than filling
    /// a reader's cache with a million emails.
    func knownIdentities(system: String, object: String) throws(StoreError) -> KnownIdentities {
        do {
            return try withWriterConnection { db in
                try Self.knownIdentities(system: system, object: object, db: db)
            }
        } catch {
            throw StoreError(.read, "database read failed: \(error)", cause: error)
        }
    }

    private static func knownIdentities(system: String, object: String, db: Database) throws -> KnownIdentities {
        let contacts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") ?? 0
        var known = KnownIdentities(
            emails: IdentityFilter(expected: contacts * 2), links: IdentityFilter(expected: contacts * 2))
        let emails = try String.fetchCursor(db, sql: "SELECT email FROM contacts WHERE email IS NOT NULL")
        while let email = try emails.next() { known.emails.insert(email) }
        let links = try String.fetchCursor(
            db, sql: "SELECT external_id FROM source_links WHERE system = ? AND object = ?",
            arguments: [system, object])
        while let id = try links.next() { known.links.insert(id) }
        return known
    }
}

/// What an import works out about a batch on its mapping thread, so that the writer thread need not.
struct ContactBatchHints: Sendable {
    /// Records an ``IdentityFilter`` proved new: their identities need no look-up.
    var certainlyNew: [Bool] = []
    /// `ContactPatch.fingerprint` of each record.
    var fingerprints: [Int64] = []

    mutating func removeAll() {
        certainlyNew.removeAll(keepingCapacity: true)
        fingerprints.removeAll(keepingCapacity: true)
    }
}

import GRDB

/// The key of a source link.
struct LinkKey: Hashable {
    var system: String
    var object: String
    var id: String
}

/// The identities a batch of contacts can resolve to, read with two set queries per batch instead of two point
/// queries per record, and kept current as the batch creates contacts and links. Keys are looked up in sorted
/// order, so that SQLite walks each index once from left to right instead of jumping around it.
struct IdentityIndex {
    /// Link → its contact, the fingerprint last applied, and its place in the batch's links once the batch writes it.
    var links: [LinkKey: (contactID: Int64, fingerprint: Int64, position: Int?)] = [:]
    /// Normalized email → contact id.
    var emails: [String: Int64] = [:]

    /// - Parameter bulkLoad: an active bulk load answers for emails (the email index is away while it runs).
    static func load(for patches: [ContactPatch], bulkLoad: BulkLoad?, db: Database) throws -> IdentityIndex {
        var index = IdentityIndex()
        index.links.reserveCapacity(patches.count)
        var idsByObject: [[String]: [String]] = [:]
        for patch in patches { idsByObject[[patch.system, patch.object], default: []].append(patch.externalID) }
        for (key, ids) in idsByObject {
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: """
                    SELECT external_id, contact_id, content_hash FROM source_links
                    WHERE system = ? AND object = ? AND external_id IN (SELECT value FROM json_each(?))
                    """),
                arguments: [key[0], key[1], JSONText.array(ids.sorted())])
            while let row = try rows.next() {
                index.links[LinkKey(system: key[0], object: key[1], id: row[0])] = (row[1], row[2], nil)
            }
        }
        if let bulkLoad, bulkLoad.isActive {
            for email in patches.compactMap(\.email) where index.emails[email] == nil {
                if let id = try bulkLoad.owner(of: email, db: db) { index.emails[email] = id }
            }
            return index
        }
        let emails = patches.compactMap(\.email).sorted()
        if !emails.isEmpty {
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT email, id FROM contacts WHERE email IN (SELECT value FROM json_each(?))"),
                arguments: [JSONText.array(emails)])
            while let row = try rows.next() { index.emails[row[0]] = row[1] }
        }
        return index
    }
}

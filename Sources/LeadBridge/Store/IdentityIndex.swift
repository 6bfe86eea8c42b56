import Foundation
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
    /// What is known of a link: its contact, what it last applied, and its place in the batch's links once the
    /// batch writes it.
    struct LinkState {
        var contactID: Int64
        var fingerprint: Int64
        var position: Int?
        /// The remote modified time of the record version last applied.
        var modifiedAt: Int64?
        /// What the link sent, field by field; nil for a link stored before these were kept.
        var sent: SentFields?
    }

    var links: [LinkKey: LinkState] = [:]
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
                    SELECT external_id, contact_id, content_hash, remote_modified_at, field_hashes FROM source_links
                    WHERE system = ? AND object = ? AND external_id IN (SELECT value FROM json_each(?))
                    """),
                arguments: [key[0], key[1], JSONText.array(ids.sorted())])
            while let row = try rows.next() {
                let hashes: [UInt8]? = (row[4] as Data?).map { [UInt8]($0) }
                index.links[LinkKey(system: key[0], object: key[1], id: row[0])] = LinkState(
                    contactID: row[1], fingerprint: row[2], position: nil, modifiedAt: row[3],
                    sent: hashes.flatMap { SentFields(encoded: $0) })
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

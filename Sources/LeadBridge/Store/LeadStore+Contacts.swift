import Foundation
import GRDB

extension LeadStore {
    static let contactColumns = CanonicalField.allCases.map(\.column)
    static let writtenColumns = contactColumns + ["extra", "field_ranks", "updated_at"]
    static let updateContactSQL = "UPDATE contacts SET "
        + writtenColumns.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ?"
    static let selectContactSQL = "SELECT "
        + (["id"] + contactColumns + ["extra", "field_ranks", "updated_at"]).joined(separator: ", ")
        + " FROM contacts WHERE id = ?"

    /// Applies a batch of mapped contacts and records rejects, in one transaction.
    ///
    /// Identity: a record whose (system, object, external id) is linked updates that contact; otherwise the contact
    /// with the same normalized email; otherwise a new contact. A record whose fingerprint equals the one last
    /// applied from the same link is unchanged. Applying the same batch twice changes nothing.
    ///
    /// The batch is decided in memory first (identities, merges, new ids) and then written with multi-row
    /// statements: per-row statements cost more than SQLite's own work on a million-record import.
    ///
    /// - Parameters:
    ///   - contacts: mapped records, applied in order (a later record about the same person sees the earlier one).
    ///   - rejects: records refused upstream (reader, mapping), stored with their raw data.
    ///   - runID: the run the rejects belong to.
    ///   - now: the time written to `updated_at` of changed contacts.
    public func apply(contacts: [ContactPatch], rejects: [RejectEntry] = [], runID: Int64?, now: Int64)
        throws(StoreError) -> ApplyResult
    {
        try write { db in
            try applyContacts(contacts, hints: nil, bulkLoad: nil, rejects: rejects, runID: runID, now: now, db: db)
        }
    }

    /// ``apply(contacts:rejects:runID:now:)`` inside a transaction the caller holds open (bulk imports commit
    /// several batches at once).
    ///
    /// - Parameters:
    ///   - hints: what the import worked out on its mapping thread, parallel to `contacts`; nil to work it out here.
    ///   - bulkLoad: the import's bulk load, if it runs one; nil for every other write.
    func applyContacts(
        _ contacts: [ContactPatch], hints: ContactBatchHints?, bulkLoad: BulkLoad?, rejects: [RejectEntry],
        runID: Int64?, now: Int64, db: Database
    ) throws -> ApplyResult {
        let bulk = bulkLoad.flatMap { $0.isActive ? $0 : nil }
        if bulk == nil { try Self.restoreBulkLoadIndexes(db) }
        var lookedUp: [ContactPatch] = []
        if let hints {
            for (index, patch) in contacts.enumerated() where !hints.certainlyNew[index] { lookedUp.append(patch) }
        } else {
            lookedUp = contacts
        }
        var plan = ContactBatchPlan(
            identities: try IdentityIndex.load(for: lookedUp, bulkLoad: bulk, db: db),
            nextID: (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM contacts") ?? 0) + 1, now: now,
            capacity: contacts.count,
            tracksAssignedEmails: bulk != nil)
        for (index, patch) in contacts.enumerated() {
            let fingerprint = hints?.fingerprints[index] ?? patch.fingerprint
            try plan.add(patch, fingerprint: fingerprint, certainlyNew: hints?.certainlyNew[index] ?? false) { id in
                try fetchContact(id: id, db: db)
            } soleLinks: { id in
                try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT system, object, external_id FROM source_links WHERE contact_id = ? AND field_hashes IS NULL
                    """), arguments: [id]).map { LinkKey(system: $0[0], object: $0[1], id: $0[2]) }
            } emailOwner: { email in
                if let bulk { return try bulk.owner(of: email, db: db) }
                return try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM contacts WHERE email = ?"),
                    arguments: [email])
            }
        }
        try bulk?.record(plan.assignedEmails)
        try writeContacts(plan, now: now, db: db)
        try writeHashes(plan.linksGivenHashes, db: db)
        try writeLinks(plan.links, db: db)
        let storeRejects = plan.result.rejected.map {
            RejectEntry(connection: contacts.first?.system ?? "", stream: "contacts", rejection: $0)
        }
        try insert(rejects: rejects + storeRejects, runID: runID, now: now, db: db)
        return plan.result
    }

    private func writeContacts(_ plan: ContactBatchPlan, now: Int64, db: Database) throws {
        var ranks = FieldRanksText.Writer()
        var extraText: [UInt8] = []
        // Free the addresses that change hands first, then change, then create: the unique email index holds at
        // every step.
        if !plan.changedEmails.isEmpty {
            let free = try RawStatement(db, sql: "UPDATE contacts SET email = NULL WHERE id = ?")
            for id in plan.changedEmails.sorted() {
                free.reset()
                free.bind(id, at: 1)
                try free.execute()
            }
        }
        let update = try RawStatement(db, sql: Self.updateContactSQL)
        for id in plan.updatedOrder {
            update.reset()
            let next = Self.bindRow(
                plan.merges[id]!, now: now, ranks: &ranks, extraText: &extraText, to: update, from: 1)
            update.bind(id, at: next)
            try update.execute()
        }
        let insert = try RawStatement(db, sql: Self.insertContactSQL)
        for (offset, merge) in plan.created.enumerated() {
            insert.reset()
            insert.bind(plan.firstNewID + Int64(offset), at: 1)
            Self.bindRow(merge, now: now, ranks: &ranks, extraText: &extraText, to: insert, from: 2)
            try insert.execute()
        }
    }

    /// Binds the written columns of one contact from parameter `first` on; returns the next parameter.
    @discardableResult
    private static func bindRow(
        _ merge: ContactMerge, now: Int64, ranks: inout FieldRanksText.Writer, extraText: inout [UInt8],
        to statement: RawStatement,
        from first: CInt
    ) -> CInt {
        var index = first
        for value in merge.values {
            statement.bindRowText(value, at: index)
            index += 1
        }
        if merge.extra.isEmpty {
            statement.bind(nil as String?, at: index)
        } else {
            extraText.removeAll(keepingCapacity: true)
            appendExtra(merge.extra, to: &extraText)
            statement.bindRowText(bytes: extraText, at: index)
        }
        statement.bindRowText(bytes: ranks.text(merge), at: index + 1)
        statement.bind(now, at: index + 2)
        return index + 3
    }

    private func writeLinks(_ links: [ContactBatchPlan.Link], db: Database) throws {
        let upsert = try RawStatement(db, sql: Self.upsertLinkSQL)
        for link in links {
            upsert.reset()
            upsert.bindRowText(link.key.system, at: 1)
            upsert.bindRowText(link.key.object, at: 2)
            upsert.bindRowText(link.key.id, at: 3)
            upsert.bind(link.contactID, at: 4)
            upsert.bind(link.modifiedAt, at: 5)
            upsert.bind(link.fingerprint, at: 6)
            if let sent = link.sent {
                upsert.bindRowBlob(bytes: sent.encoded, at: 7)
            } else {
                upsert.bind(nil as Int64?, at: 7)
            }
            try upsert.execute()
        }
    }

    /// Gives stored links what they sent, when another link joined their contact: before the batch's own links
    /// are written, which know better when they are the same.
    private func writeHashes(_ hashes: [(LinkKey, SentFields)], db: Database) throws {
        guard !hashes.isEmpty else { return }
        let update = try RawStatement(
            db, sql: "UPDATE source_links SET field_hashes = ? WHERE system = ? AND object = ? AND external_id = ?")
        for (key, sent) in hashes {
            update.reset()
            update.bindRowBlob(bytes: sent.encoded, at: 1)
            update.bindRowText(key.system, at: 2)
            update.bindRowText(key.object, at: 3)
            update.bindRowText(key.id, at: 4)
            try update.execute()
        }
    }

    private static let insertContactSQL =
        "INSERT INTO contacts (\((["id"] + writtenColumns).joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: writtenColumns.count + 1).joined(separator: ",") + ")"

    private static let upsertLinkSQL = """
        INSERT INTO source_links (
            system, object, external_id, contact_id, remote_modified_at, content_hash, field_hashes)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (system, object, external_id) DO UPDATE SET
            contact_id = excluded.contact_id, remote_modified_at = excluded.remote_modified_at,
            content_hash = excluded.content_hash, field_hashes = excluded.field_hashes, deleted = 0
        """

    func fetchContact(id: Int64, db: Database) throws -> StoredContact? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: Self.selectContactSQL), arguments: [id])
        else { return nil }
        return Self.storedContact(row)
    }

    static func storedContact(_ row: Row) -> StoredContact {
        let fields = CanonicalField.allCases
        var values: [FieldValue?] = []
        values.reserveCapacity(fields.count)
        for (offset, field) in fields.enumerated() {
            let dbValue: DatabaseValue = row[offset + 1]
            values.append(FieldValue(dbValue, kind: field.kind))
        }
        let extraText: String? = row[fields.count + 1]
        let ranksText: String = row[fields.count + 2]
        let ranks = FieldRanksText.decode(ranksText, count: fields.count)
        return StoredContact(
            id: row[0], values: values, precedences: ranks.ranks.map(\.precedence),
            times: ranks.ranks.map(\.changedAt), extra: decodeExtra(extraText), extrasRank: ranks.extrasRank,
            extraRanks: ranks.extra, unsent: ranks.unsent, unsentExtras: ranks.unsentExtras,
            updatedAt: row[fields.count + 3])
    }

    /// The `extra` column's JSON, as ``JSONText/object(_:)`` writes it, built as bytes.
    static func appendExtra(_ extra: [String: FieldValue], to text: inout [UInt8]) {
        JSONText.appendObject(extra, text: \.text, to: &text)
    }

    static func decodeExtra(_ text: String?) -> [String: FieldValue] {
        guard let text, let object = JSONText.decodeObject(text) else { return [:] }
        return object.mapValues { FieldValue.text($0) }
    }

    /// Stores rejected records with their reasons.
    func insert(rejects: [RejectEntry], runID: Int64?, now: Int64, db: Database) throws {
        guard !rejects.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO rejects (run_id, connection, stream, location, external_id, code, message, record, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for entry in rejects {
            try statement.execute(arguments: [
                runID, entry.connection, entry.stream, entry.rejection.location.description,
                entry.rejection.externalID, entry.rejection.code, entry.rejection.message, entry.recordJSON, now,
            ])
        }
    }

    /// The contact with this normalized email, if any.
    public func contact(email: String) throws(StoreError) -> StoredContact? {
        try read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM contacts WHERE email = ?", arguments: [email])
            else { return nil }
            return try fetchContact(id: id, db: db)
        }
    }

    /// The contact with this id, if any.
    public func contact(id: Int64) throws(StoreError) -> StoredContact? {
        try read { db in try fetchContact(id: id, db: db) }
    }
}

extension FieldValue {
    init?(_ value: DatabaseValue, kind: CanonicalField.Kind) {
        switch value.storage {
        case .null: return nil
        case .int64(let number): self = kind == .date ? .date(number) : .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .text(text)
        case .blob: return nil
        }
    }
}

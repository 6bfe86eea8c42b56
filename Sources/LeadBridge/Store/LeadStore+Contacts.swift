import Foundation
import GRDB

extension LeadStore {
    static let contactColumns = CanonicalField.allCases.map(\.column)

    /// Applies a batch of mapped contacts and records rejects, in one transaction.
    ///
    /// Identity: a record whose (system, object, external id) is linked updates that contact; otherwise the contact
    /// with the same normalized email; otherwise a new contact. A record whose fingerprint equals the one last
    /// applied from the same link is unchanged and costs one read. Applying the same batch twice changes nothing.
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
            var result = ApplyResult()
            for patch in contacts {
                try apply(patch, db: db, now: now, result: &result)
            }
            let storeRejects = result.rejected.map {
                RejectEntry(connection: contacts.first?.system ?? "", stream: "contacts", rejection: $0)
            }
            try insert(rejects: rejects + storeRejects, runID: runID, now: now, db: db)
            return result
        }
    }

    private func apply(_ patch: ContactPatch, db: Database, now: Int64, result: inout ApplyResult) throws {
        let fingerprint = patch.fingerprint
        var contactID: Int64?
        if let link = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT contact_id, content_hash FROM source_links WHERE system = ? AND object = ? AND external_id = ?"
            ),
            arguments: [patch.system, patch.object, patch.externalID]
        ) {
            if link[1] as Int64 == fingerprint {
                result.unchanged += 1
                return
            }
            contactID = link[0]
        }
        if contactID == nil, let email = patch.email {
            contactID = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM contacts WHERE email = ?"), arguments: [email])
        }
        if let contactID, let stored = try fetchContact(id: contactID, db: db) {
            var merge = ContactMerge(values: stored.values, ranks: stored.ranks, extra: stored.extra)
            merge.apply(patch)
            if merge.changed {
                if let newEmail = merge.values[CanonicalField.email.ordinal]?.text, newEmail != stored.email,
                    let owner = try Int64.fetchOne(
                        db.cachedStatement(sql: "SELECT id FROM contacts WHERE email = ?"), arguments: [newEmail]),
                    owner != contactID
                {
                    result.rejected.append(RecordRejection(
                        code: "identity.email_taken",
                        message: "\(patch.system) \(patch.object) \(patch.externalID) changes its email to "
                            + "\(newEmail), which belongs to contact #\(owner); merge the two records in "
                            + "\(patch.system), then import again",
                        location: patch.location, externalID: patch.externalID))
                    return
                }
                try updateContact(id: contactID, merge: merge, now: now, db: db)
                result.updated += 1
            } else {
                result.unchanged += 1
            }
            try upsertLink(patch, contactID: contactID, fingerprint: fingerprint, db: db)
        } else {
            let merge = {
                var merge = ContactMerge(
                    values: Array(repeating: nil, count: patch.values.count),
                    ranks: Array(repeating: 0, count: patch.values.count), extra: [:])
                merge.apply(patch)
                return merge
            }()
            let id = try insertContact(merge: merge, now: now, db: db)
            try upsertLink(patch, contactID: id, fingerprint: fingerprint, db: db)
            result.created += 1
        }
    }

    private func insertContact(merge: ContactMerge, now: Int64, db: Database) throws -> Int64 {
        let columns = Self.contactColumns + ["extra", "field_ranks", "updated_at"]
        let statement = try db.cachedStatement(
            sql: "INSERT INTO contacts (\(columns.joined(separator: ", "))) VALUES ("
                + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")")
        var arguments = StatementArguments(merge.values.map(\.databaseValue))
        arguments += [Self.encodeExtra(merge.extra), Self.encodeRanks(merge.ranks), now]
        try statement.execute(arguments: arguments)
        return db.lastInsertedRowID
    }

    private func updateContact(id: Int64, merge: ContactMerge, now: Int64, db: Database) throws {
        let assignments = (Self.contactColumns + ["extra", "field_ranks", "updated_at"]).map { "\($0) = ?" }
        let statement = try db.cachedStatement(
            sql: "UPDATE contacts SET \(assignments.joined(separator: ", ")) WHERE id = ?")
        var arguments = StatementArguments(merge.values.map(\.databaseValue))
        arguments += [Self.encodeExtra(merge.extra), Self.encodeRanks(merge.ranks), now, id]
        try statement.execute(arguments: arguments)
    }

    private func upsertLink(_ patch: ContactPatch, contactID: Int64, fingerprint: Int64, db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO source_links (system, object, external_id, contact_id, remote_modified_at, content_hash)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (system, object, external_id) DO UPDATE SET
                contact_id = excluded.contact_id, remote_modified_at = excluded.remote_modified_at,
                content_hash = excluded.content_hash, deleted = 0
            """).execute(arguments: [
                patch.system, patch.object, patch.externalID, contactID, patch.modifiedAt, fingerprint,
            ])
    }

    func fetchContact(id: Int64, db: Database) throws -> StoredContact? {
        let columns = (["id"] + Self.contactColumns + ["extra", "field_ranks", "updated_at"])
            .joined(separator: ", ")
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(columns) FROM contacts WHERE id = ?"), arguments: [id])
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
        return StoredContact(
            id: row[0], values: values, ranks: decodeRanks(ranksText, count: fields.count),
            extra: decodeExtra(extraText), updatedAt: row[fields.count + 3])
    }

    /// Precedences by ordinal as `10,10,,20`: compact and cheap on the import path.
    static func encodeRanks(_ ranks: [Int]) -> String {
        ranks.map { $0 == 0 ? "" : String($0) }.joined(separator: ",")
    }

    static func decodeRanks(_ text: String, count: Int) -> [Int] {
        var ranks = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        if ranks.count < count { ranks += Array(repeating: 0, count: count - ranks.count) }
        return Array(ranks.prefix(count))
    }

    static func encodeExtra(_ extra: [String: FieldValue]) -> String? {
        guard !extra.isEmpty else { return nil }
        return JSONText.object(extra.mapValues(\.text))
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

extension Optional where Wrapped == FieldValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .none: .null
        case .text(let text)?: text.databaseValue
        case .int(let number)?, .date(let number)?: number.databaseValue
        case .double(let number)?: number.databaseValue
        case .bool(let flag)?: (flag ? 1 : 0).databaseValue
        }
    }
}

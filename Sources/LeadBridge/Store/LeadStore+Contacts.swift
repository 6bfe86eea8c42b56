import Foundation
import GRDB

extension LeadStore {
    static let contactColumns = CanonicalField.allCases.map(\.column)
    static let writtenColumns = contactColumns + ["extra", "field_ranks", "updated_at"]
    static let updateContactSQL = "UPDATE contacts SET "
        + writtenColumns.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ?"
    private static let selectContactSQL = "SELECT "
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
            try applyContacts(contacts, hints: nil, rejects: rejects, runID: runID, now: now, db: db)
        }
    }

    /// ``apply(contacts:rejects:runID:now:)`` inside a transaction the caller holds open (bulk imports commit
    /// several batches at once).
    ///
    /// - Parameter hints: what the import worked out on its mapping thread, parallel to `contacts`; nil to work it
    ///   out here.
    func applyContacts(
        _ contacts: [ContactPatch], hints: ContactBatchHints?, rejects: [RejectEntry], runID: Int64?, now: Int64,
        db: Database
    ) throws -> ApplyResult {
        var lookedUp: [ContactPatch] = []
        if let hints {
            for (index, patch) in contacts.enumerated() where !hints.certainlyNew[index] { lookedUp.append(patch) }
        } else {
            lookedUp = contacts
        }
        var plan = ContactBatchPlan(
            identities: try IdentityIndex.load(for: lookedUp, db: db),
            nextID: (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM contacts") ?? 0) + 1)
        for (index, patch) in contacts.enumerated() {
            let fingerprint = hints?.fingerprints[index] ?? patch.fingerprint
            try plan.add(patch, fingerprint: fingerprint) { id in try fetchContact(id: id, db: db) } emailOwner: { email in
                try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM contacts WHERE email = ?"),
                    arguments: [email])
            }
        }
        try writeContacts(plan, now: now, db: db)
        try writeLinks(plan.links, db: db)
        let storeRejects = plan.result.rejected.map {
            RejectEntry(connection: contacts.first?.system ?? "", stream: "contacts", rejection: $0)
        }
        try insert(rejects: rejects + storeRejects, runID: runID, now: now, db: db)
        return plan.result
    }

    private func writeContacts(_ plan: ContactBatchPlan, now: Int64, db: Database) throws {
        var ranks = RanksText()
        let created = plan.order.filter { plan.isNew.contains($0) }
        let rowWidth = Self.writtenColumns.count + 1
        for chunk in stride(from: 0, to: created.count, by: Self.contactRowsPerInsert) {
            let ids = created[chunk..<min(chunk + Self.contactRowsPerInsert, created.count)]
            var values: [DatabaseValue] = []
            values.reserveCapacity(ids.count * rowWidth)
            for id in ids {
                values.append(id.databaseValue)
                Self.appendRow(plan.merges[id]!, now: now, ranks: &ranks, to: &values)
            }
            let statement = try db.cachedStatement(sql: Self.insertContactsSQL(rows: ids.count))
            statement.setUncheckedArguments(StatementArguments(values))
            try statement.execute()
        }
        for id in plan.order where !plan.isNew.contains(id) {
            var values: [DatabaseValue] = []
            Self.appendRow(plan.merges[id]!, now: now, ranks: &ranks, to: &values)
            values.append(id.databaseValue)
            let statement = try db.cachedStatement(sql: Self.updateContactSQL)
            statement.setUncheckedArguments(StatementArguments(values))
            try statement.execute()
        }
    }

    private static func appendRow(
        _ merge: ContactMerge, now: Int64, ranks: inout RanksText, to values: inout [DatabaseValue]
    ) {
        for value in merge.values { values.append(value.databaseValue) }
        values.append(encodeExtra(merge.extra).databaseValue)
        values.append(ranks.text(for: merge.ranks).databaseValue)
        values.append(now.databaseValue)
    }

    private func writeLinks(_ links: [ContactBatchPlan.Link], db: Database) throws {
        for chunk in stride(from: 0, to: links.count, by: Self.linkRowsPerInsert) {
            let rows = links[chunk..<min(chunk + Self.linkRowsPerInsert, links.count)]
            var values: [DatabaseValue] = []
            values.reserveCapacity(rows.count * 6)
            for link in rows {
                values.append(link.key.system.databaseValue)
                values.append(link.key.object.databaseValue)
                values.append(link.key.id.databaseValue)
                values.append(link.contactID.databaseValue)
                values.append(link.modifiedAt.databaseValue)
                values.append(link.fingerprint.databaseValue)
            }
            let statement = try db.cachedStatement(sql: Self.upsertLinksSQL(rows: rows.count))
            statement.setUncheckedArguments(StatementArguments(values))
            try statement.execute()
        }
    }

    static let contactRowsPerInsert = 50
    static let linkRowsPerInsert = 100

    private static func insertContactsSQL(rows: Int) -> String {
        let columns = ["id"] + writtenColumns
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO contacts (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ",")
    }

    private static func upsertLinksSQL(rows: Int) -> String {
        """
        INSERT INTO source_links (system, object, external_id, contact_id, remote_modified_at, content_hash)
        VALUES \(Array(repeating: "(?,?,?,?,?,?)", count: rows).joined(separator: ","))
        ON CONFLICT (system, object, external_id) DO UPDATE SET
            contact_id = excluded.contact_id, remote_modified_at = excluded.remote_modified_at,
            content_hash = excluded.content_hash, deleted = 0
        """
    }

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
        return StoredContact(
            id: row[0], values: values, ranks: decodeRanks(ranksText, count: fields.count),
            extra: decodeExtra(extraText), updatedAt: row[fields.count + 3])
    }

    /// The last precedences encoded and their text: every record of one mapping has the same.
    struct RanksText {
        private var last: [Int] = []
        private var lastText = ""

        mutating func text(for ranks: [Int]) -> String {
            if ranks != last {
                last = ranks
                lastText = LeadStore.encodeRanks(ranks)
            }
            return lastText
        }
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

import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import Testing

/// A first import into an empty store runs without the unique email index and builds it at the end; the result
/// must be exactly what the ordinary path (a store that already has contacts) makes of the same file.
@Suite(.timeLimit(.minutes(2))) struct BulkLoadTests {
    static let header = "Contact ID,Email,First Name,Last Name,Job Title,Company,Website,Industry,Employees,"
        + "Country,City,Phone,Lead Source,Lifecycle Stage,Created Date,Last Modified Date\r\n"

    static func row(_ id: String, _ email: String, first: String, modified: Int = 1) -> String {
        "\(id),\(email),\(first),Last,CTO,Acme,acme.example,Software,250,US,Boston,,Web,,"
            + "2026-01-01T00:00:00Z,2026-02-0\(modified)T00:00:00Z\r\n"
    }

    /// Repeats across batches and commits (3 records a batch, 6 a commit): the same email under a second id, the
    /// same id again with a changed name, an email that moves to a new address and is then reused by someone else.
    static let file = header
        + row("C1", "ada@example.com", first: "Ada")
        + row("C2", "grace@example.com", first: "Grace")
        + row("C3", "alan@example.com", first: "Alan")
        + row("C4", "linus@example.com", first: "Linus")
        + row("X9", "ADA@example.com ", first: "Ada")           // Ada again, from another id: joins contact C1
        + row("C2", "grace@example.com", first: "Gracie", modified: 2) // C2 again: an update
        + row("C3", "alan.t@example.com", first: "Alan", modified: 2) // Alan's email changes
        + row("C7", "alan@example.com", first: "Al")            // his old address now belongs to someone new
        + row("C8", "alan.t@example.com", first: "Alan")         // joins Alan under the new address
        + row("C9", "margaret@example.com", first: "Margaret")

    /// Contacts by email and links by external id, independent of the ids the contacts got.
    static func content(_ store: LeadStore) throws -> [String] {
        try store.read { db in
            let contacts = try Row.fetchAll(db, sql: """
                SELECT email, first_name, last_name, created_at, updated_at, field_ranks FROM contacts
                WHERE email <> 'seed@example.com' ORDER BY email
                """).map { "contact \($0)" }
            let links = try Row.fetchAll(db, sql: """
                SELECT l.external_id, c.email, l.content_hash, l.remote_modified_at FROM source_links l
                JOIN contacts c ON c.id = l.contact_id WHERE l.system = 'csv_export' ORDER BY l.external_id
                """).map { "link \($0)" }
            return contacts + links
        }
    }

    static func emailIndexIsUnique(_ store: LeadStore) throws -> Bool {
        try store.read { db in
            try Row.fetchAll(db, sql: "PRAGMA index_list(contacts)")
                .contains { $0["name"] == "contacts_by_email" && $0["unique"] == 1 }
        }
    }

    func importFile(_ project: TestProject, _ path: String) throws -> ImportReport {
        let mapping = try project.mapping("csv_export")
        var reader = try ExportSource.open(path: path, mapping: mapping, stream: .contacts)
        return try Importer(store: project.store, now: { 1_790_000_000 }, batchSize: 3, commitEvery: 6).run(
            reader: &reader, mapping: mapping, connection: "csv_export", stream: .contacts, source: path)
    }

    @Test func aBulkLoadMatchesTheOrdinaryPathAndEndsWithTheUniqueIndex() throws {
        // Given the same file for an empty store (bulk load) and for one that already has a contact
        let bulk = try TestProject()
        let ordinary = try TestProject()
        _ = try ordinary.store.apply(contacts: [{
            var seed = ContactPatch(system: "seed", object: "Contact", externalID: "S1",
                location: RecordLocation(source: "test", index: 1))
            seed[.email] = .text("seed@example.com")
            return seed
        }()], runID: nil, now: 1_790_000_000)
        // When each imports it
        let bulkReport = try importFile(bulk, try bulk.write("contacts.csv", Self.file))
        let ordinaryReport = try importFile(ordinary, try ordinary.write("contacts.csv", Self.file))
        // Then both count and store the same, and the bulk-loaded store has its unique email index back
        #expect(bulkReport.read == 10)
        #expect(bulkReport.rejected == 0)
        #expect(bulkReport.created == ordinaryReport.created)
        #expect(bulkReport.updated == ordinaryReport.updated)
        #expect(bulkReport.unchanged == ordinaryReport.unchanged)
        #expect(bulkReport.created == 6)
        let content = try Self.content(bulk.store)
        #expect(content == (try Self.content(ordinary.store)))
        #expect(content.count == 6 + 8)
        #expect(try Self.emailIndexIsUnique(bulk.store))
        #expect(try bulk.store.contact(email: "alan@example.com")?[.firstName] == .text("Al"))
        #expect(try bulk.store.contact(email: "ada@example.com")?[.firstName] == .text("Ada"))
        // The load ran without foreign-key checks: every link still points to a contact, and the checks are back
        let (orphans, checksForeignKeys) = try bulk.store.writerConnectionForTesting { db in
            (try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(orphans.isEmpty)
        #expect(checksForeignKeys == 1)
        try bulk.store.writeForTesting { db in
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO source_links (system, object, external_id, contact_id, content_hash)
                    VALUES ('csv_export', 'Contact', 'orphan', 999999, 0)
                    """)
            }
        }
    }

    @Test func anInterruptedBulkLoadGetsItsIndexBackBeforeTheNextWrite() throws {
        // Given a store whose bulk load was killed after it dropped the email index
        let project = try TestProject()
        _ = try importFile(project, try project.write("contacts.csv", Self.file))
        try project.store.writeForTesting { db in try db.execute(sql: "DROP INDEX contacts_by_email") }
        #expect(try !Self.emailIndexIsUnique(project.store))
        // When the next import writes contacts
        let again = try importFile(project, try project.write("again.csv", Self.header
            + Self.row("C20", "ada@example.com", first: "Ada")))
        // Then the index is back, identity by email still holds, and it keeps emails unique
        #expect(again.created == 0)
        #expect(again.rejected == 0)
        #expect(try Self.content(project.store).contains { $0.contains("external_id:\"C20\" email:\"ada@example.com\"") })
        #expect(try Self.emailIndexIsUnique(project.store))
        #expect(throws: DatabaseError.self) {
            try project.store.writeForTesting { db in
                try db.execute(sql: "INSERT INTO contacts (email, updated_at) VALUES ('ada@example.com', 0)")
            }
        }
    }

    @Test func duplicateEmailsLeftByAnotherWriterAreReportedWithWhatToDo() throws {
        // Given a store whose index is away and where something else wrote a second contact with Ada's email
        let project = try TestProject()
        _ = try importFile(project, try project.write("contacts.csv", Self.file))
        try project.store.writeForTesting { db in
            try db.execute(sql: "DROP INDEX contacts_by_email")
            try db.execute(sql: "INSERT INTO contacts (email, updated_at) VALUES ('ada@example.com', 0)")
        }
        // When the next import writes contacts
        let error = #expect(throws: ImportError.self) {
            try importFile(project, try project.write("again.csv", Self.header
                + Self.row("C30", "zoe@example.com", first: "Zoe")))
        }
        // Then it says what is wrong and what to do, and stores nothing
        #expect("\(String(describing: error))".contains("two contacts share an email"))
        #expect("\(String(describing: error))".contains("HAVING COUNT(*) > 1"))
        #expect(try project.store.contact(email: "zoe@example.com") == nil)
    }
}

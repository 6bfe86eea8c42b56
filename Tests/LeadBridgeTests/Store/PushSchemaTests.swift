import Foundation
import GRDB
import Testing

@testable import LeadBridge

/// The v8 push schema: the tables push will write, read and written through their records.
@Suite struct PushSchemaTests {
    static let now: Int64 = 1_793_491_200

    static func contact(_ store: LeadStore, email: String) throws -> Int64 {
        var patch = ContactPatch(
            system: "salesforce", object: "Lead", externalID: "00Q1",
            location: RecordLocation(source: "test", index: 1))
        patch[.email] = .text(email)
        _ = try store.apply(contacts: [patch], runID: nil, now: now)
        return try #require(try store.contact(email: email)).id
    }

    @Test func fieldStateKeepsALeadAndAContactWithTheSameIDApart() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        // Given the base of one field for a Salesforce Lead and for a Contact that share an id and a field name
        let lead = FieldStateRecord(
            target: "salesforce", object: "Lead", externalID: "003X", field: "Lead_Score__c", value: "40",
            seenAt: Self.now, writtenRunID: nil)
        var contact = lead
        contact.object = "Contact"
        contact.value = "75"
        // When both are saved
        try store.writeForTesting { db in
            try lead.insert(db)
            try contact.insert(db)
        }
        // Then both are kept, each under its object
        let stored = try store.read { db in
            try FieldStateRecord.order(FieldStateRecord.Columns.object).fetchAll(db)
        }
        #expect(stored == [contact, lead])
    }

    @Test func theJournalNamesThePlanAndConflictsTheContact() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        let contactID = try Self.contact(store, email: "ada@example.com")
        let runID = try store.startRun(command: "push", connection: "salesforce", now: Self.now)
        // Given a journaled batch of a saved plan and a conflict it met
        let entry = PushJournalRecord(
            runID: runID, seq: 1, planID: "plan-1", planHash: "c0ffee", target: "salesforce", object: "Lead",
            intent: #"{"records":[]}"#, status: .unknown, outcome: nil, updatedAt: Self.now)
        var conflict = ConflictRecord(
            id: nil, runID: runID, contactID: contactID, target: "salesforce", object: "Lead", externalID: "00Q1",
            field: "Lead_Score__c", base: "40", ours: "75", theirs: "50", policy: "keep", resolution: "kept_theirs",
            detectedAt: Self.now)
        try store.writeForTesting { db in
            try entry.insert(db)
            try conflict.insert(db)
        }
        // Then they read back as written, and a conflict must name a contact that exists
        #expect(conflict.id != nil)
        let (entries, conflicts) = try store.read { db in
            (try PushJournalRecord.filter(PushJournalRecord.Columns.planID == "plan-1").fetchAll(db),
             try ConflictRecord.filter(ConflictRecord.Columns.contactID == contactID).fetchAll(db))
        }
        #expect(entries == [entry])
        #expect(conflicts == [conflict])
        var orphan = conflict
        orphan.id = nil
        orphan.contactID = contactID + 1_000
        #expect(throws: DatabaseError.self) {
            try store.writeForTesting { db in try orphan.insert(db) }
        }
    }

    @Test func runsAndScoresHaveTheirNewColumns() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        // Given a sync run that owns a pull run
        let sync = try store.startRun(command: "sync", connection: nil, now: Self.now)
        let pull = try store.startRun(command: "pull", connection: "salesforce", now: Self.now)
        try store.writeForTesting { db in
            try db.execute(sql: "UPDATE runs SET parent_run_id = ? WHERE id = ?", arguments: [sync, pull])
        }
        // Then the run names its parent, and scores can say when they were decided
        let (parents, scoreColumns) = try store.read { db in
            (try Int64.fetchAll(db, sql: "SELECT parent_run_id FROM runs WHERE parent_run_id IS NOT NULL"),
             try db.columns(in: "scores").map(\.name))
        }
        #expect(parents == [sync])
        #expect(scoreColumns.contains("decided_at"))
        #expect(scoreColumns.contains("computed_at"))
    }
}

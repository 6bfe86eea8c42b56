import GRDB
import Testing
@testable import LeadBridge

@Suite struct StoreIdentityTests {
    static let now: Int64 = 1_790_000_000

    static func patch(
        _ system: String, _ id: String, email: String?, first: String? = nil, stage: String? = nil,
        precedence: Int = 10, created: Int64? = nil
    ) -> ContactPatch {
        var patch = ContactPatch(
            system: system, object: "Lead", externalID: id,
            location: RecordLocation(source: "test", index: 1))
        for (field, value) in [(CanonicalField.email, email), (.firstName, first), (.lifecycleStage, stage)] {
            if let value {
                patch[field] = .text(value)
                patch.precedence[field.ordinal] = precedence
            }
        }
        if let created {
            patch[.createdAt] = .date(created)
            patch.precedence[CanonicalField.createdAt.ordinal] = precedence
        }
        return patch
    }

    @Test func linksByExternalIDThenEmailElseCreates() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        // Given a contact from Marketo
        var result = try store.apply(contacts: [Self.patch("marketo", "1", email: "ada@example.com", first: "Ada")],
            runID: nil, now: Self.now)
        #expect(result.created == 1)
        // When Salesforce has the same email (normalized by the mapping) and Pardot has another person
        result = try store.apply(contacts: [
            Self.patch("salesforce", "00Q1", email: "ada@example.com", stage: "sal", precedence: 20),
            Self.patch("pardot", "5", email: "grace@example.com"),
        ], runID: nil, now: Self.now)
        // Then Salesforce's record joins Ada's contact and Pardot's is new
        #expect(result.created == 1)
        #expect(result.updated == 1)
        let ada = try #require(try store.contact(email: "ada@example.com"))
        #expect(ada[.firstName] == .text("Ada"))
        #expect(ada.stage == .sal)
        // And when Salesforce later changes Ada's email, the link (not the email) finds her
        result = try store.apply(contacts: [
            Self.patch("salesforce", "00Q1", email: "ada.l@example.com", stage: "sal", precedence: 20),
        ], runID: nil, now: Self.now)
        #expect(result.updated == 1)
        #expect(try store.contact(email: "ada.l@example.com")?.id == ada.id)
        #expect(try store.counts()["contacts"] == 2)
        #expect(try store.counts()["source_links"] == 3)
    }

    @Test func oneBatchWithThePersonTwiceWritesOneContact() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        // Given one batch where a person comes from two systems and a record repeats
        let result = try store.apply(contacts: [
            Self.patch("marketo", "7", email: "ada@example.com", first: "Ada"),
            Self.patch("salesforce", "00Q1", email: "ada@example.com", stage: "sal", precedence: 20),
            Self.patch("marketo", "7", email: "ada@example.com", first: "Ada"),
        ], runID: nil, now: Self.now)
        // Then one contact carries both systems' values, with one link per record
        #expect(result.created == 1)
        #expect(result.updated == 1)
        #expect(result.unchanged == 1)
        let ada = try #require(try store.contact(email: "ada@example.com"))
        #expect(ada[.firstName] == .text("Ada"))
        #expect(ada.stage == .sal)
        #expect(try store.counts()["contacts"] == 1)
        #expect(try store.counts()["source_links"] == 2)
    }

    @Test func applyingTheSameBatchTwiceChangesNothing() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        let batch = (0..<50).map { Self.patch("csv", "C\($0)", email: "p\($0)@example.com", first: "P\($0)") }
        // Given a batch applied once
        let first = try store.apply(contacts: batch, runID: nil, now: Self.now)
        #expect(first.created == 50)
        let before = try dump(store)
        // When it is applied again, later
        let second = try store.apply(contacts: batch, runID: nil, now: Self.now + 3_600)
        // Then nothing is created or updated, and every stored row is byte for byte the same
        #expect(second.created == 0)
        #expect(second.updated == 0)
        #expect(second.unchanged == 50)
        #expect(try dump(store) == before)
    }

    @Test func higherPrecedenceWinsAndAbsentValuesNeverClear() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        // Given the CRM (precedence 20) set a stage and a name
        _ = try store.apply(contacts: [
            Self.patch("salesforce", "00Q1", email: "ada@example.com", first: "Ada", stage: "sql", precedence: 20,
                created: Self.now - 100),
        ], runID: nil, now: Self.now)
        // When marketing automation (precedence 10) says another stage, another name, an earlier creation, no email
        _ = try store.apply(contacts: [
            Self.patch("marketo", "7", email: "ada@example.com", first: "Ada L.", stage: "mql", precedence: 10,
                created: Self.now - 500),
            Self.patch("salesforce", "00Q1", email: nil, first: nil, stage: "sql", precedence: 20,
                created: Self.now - 100),
        ], runID: nil, now: Self.now)
        // Then the CRM's word stands, the earliest creation time is kept, and nothing was cleared
        let ada = try #require(try store.contact(email: "ada@example.com"))
        #expect(ada.stage == .sql)
        #expect(ada[.firstName] == .text("Ada"))
        #expect(ada[.createdAt] == .date(Self.now - 500))
        #expect(ada[.email] == .text("ada@example.com"))
    }

    @Test func anEmailChangeOntoAnotherContactIsRejectedNotMerged() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        _ = try store.apply(contacts: [
            Self.patch("salesforce", "A", email: "ada@example.com"),
            Self.patch("salesforce", "B", email: "grace@example.com"),
        ], runID: nil, now: Self.now)
        // When record A takes B's email
        let result = try store.apply(contacts: [Self.patch("salesforce", "A", email: "grace@example.com")],
            runID: nil, now: Self.now)
        // Then it is rejected with a reason, recorded in rejects, and both contacts stay as they were
        #expect(result.rejected.map(\.code) == ["identity.email_taken"])
        #expect(try store.contact(email: "ada@example.com") != nil)
        #expect(try store.counts()["rejects"] == 1)
    }

    @Test func activitiesAttachByLinkOrEmailAndUnknownPeopleAreRejected() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        _ = try store.apply(contacts: [Self.patch("pardot", "5001", email: "ada@example.com")], runID: nil,
            now: Self.now)
        func activity(_ id: String, _ contact: ActivityPatch.ContactReference) -> ActivityPatch {
            ActivityPatch(system: "pardot", externalID: id, contact: contact, type: "page_view",
                occurredAt: Self.now - 60, url: "https://x.io/pricing", location: RecordLocation(source: "a", index: 1))
        }
        // Given activities naming Ada by prospect id, by email, and someone unknown
        let batch = [
            activity("1", .externalID(object: "Lead", id: "5001")),
            activity("2", .email("ada@example.com")),
            activity("3", .externalID(object: "Lead", id: "9999")),
        ]
        let first = try store.apply(activities: batch, runID: nil, now: Self.now)
        // Then two are stored on Ada and the third is rejected with what to do
        #expect(first.created == 2)
        #expect(first.rejected.count == 1)
        #expect(first.rejected[0].message.contains("import or pull the people first"))
        // And applying them again changes nothing
        let second = try store.apply(activities: Array(batch.prefix(2)), runID: nil, now: Self.now)
        #expect(second.unchanged == 2)
        #expect(second.created == 0)
    }

    private func dump(_ store: LeadStore) throws -> [String] {
        try store.read { db in
            try ["contacts", "source_links", "activities"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2, 3").map { "\(table) \($0)" }
            }
        }
    }
}

import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Pull: one person in HubSpot and Salesforce converges whatever the order of pulls")
struct PullMergeOrderTests {
    init() { PullFixtures.avoidProxies() }

    struct Person {
        var email: String
        var hubSpotID: String
        var salesforceObject: String
        var salesforceID: String
    }

    /// People that both systems hold (one record each, a Lead in Salesforce), found by a pull of both into a
    /// scratch store.
    static func peopleInBoth(_ sandbox: RunningSandbox, count: Int) async throws -> [Person] {
        let scout = try PullFixtures.temporaryStore()
        try await pull(["hubspot", "salesforce"], sandbox, into: scout)
        return try await scout.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.email, h.external_id, MIN(s.object), MIN(s.external_id)
                FROM source_links h
                JOIN source_links s ON s.contact_id = h.contact_id AND s.system = 'salesforce'
                JOIN contacts c ON c.id = h.contact_id
                WHERE h.system = 'hubspot'
                GROUP BY c.id HAVING COUNT(*) = 1 AND MIN(s.object) = 'Lead' ORDER BY c.email LIMIT ?
                """, arguments: [count]).map { Person(email: $0[0], hubSpotID: $0[1], salesforceObject: $0[2],
                                                      salesforceID: $0[3]) }
        }
    }

    static func pull(_ systems: [String], _ sandbox: RunningSandbox, into store: LeadStore) async throws {
        for system in systems {
            if system == "hubspot" {
                _ = try await PullFixtures.puller(store).run(
                    source: PullFixtures.hubSpot(sandbox, engagementObjects: []), connection: "hubspot",
                    mapping: PullFixtures.mapping("hubspot"))
            } else {
                _ = try await PullFixtures.puller(store).run(
                    source: PullFixtures.salesforce(sandbox), connection: "salesforce",
                    mapping: PullFixtures.mapping("salesforce"))
            }
        }
    }

    static func editHubSpot(_ sandbox: RunningSandbox, _ person: Person, _ fields: [String: String]) async throws {
        try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "contacts", id: person.hubSpotID,
                                    fields: fields)
    }

    static func editSalesforce(_ sandbox: RunningSandbox, _ person: Person, _ fields: [String: String]) async throws {
        try await PullFixtures.edit(sandbox, vendor: "salesforce", object: person.salesforceObject,
                                    id: person.salesforceID, fields: fields)
    }

    @Test("HubSpot then Salesforce equals Salesforce then HubSpot; editing one HubSpot field moves only that field")
    func pullOrderDoesNotMatter() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 0)) { sandbox in
            let people = try await Self.peopleInBoth(sandbox, count: 2)
            try #require(people.count == 2)
            // Given reps made the two systems disagree on industry, city and lead source: for the first person
            // HubSpot changed last, for the second Salesforce did
            let hubSpotValues = ["industry": "Retail", "city": "Hubville", "hs_analytics_source": "PAID_SEARCH"]
            let salesforceValues = ["Industry": "Software", "City": "Forceton", "LeadSource": "Partner Referral"]
            try await Self.editSalesforce(sandbox, people[0], salesforceValues)
            try await Task.sleep(for: .milliseconds(1_100))
            try await Self.editHubSpot(sandbox, people[0], hubSpotValues)
            try await Self.editHubSpot(sandbox, people[1], hubSpotValues)
            try await Task.sleep(for: .milliseconds(1_100))
            try await Self.editSalesforce(sandbox, people[1], salesforceValues)
            // When one store pulls HubSpot then Salesforce and another Salesforce then HubSpot
            let first = try PullFixtures.temporaryStore()
            let second = try PullFixtures.temporaryStore()
            try await Self.pull(["hubspot", "salesforce"], sandbox, into: first)
            try await Self.pull(["salesforce", "hubspot"], sandbox, into: second)
            // Then both stores hold the same content, each field from the system that changed it last
            #expect(try PullFixtures.contentDump(first) == PullFixtures.contentDump(second))
            let hubSpotLast = try #require(try first.contact(email: people[0].email))
            #expect(hubSpotLast[.industry] == .text("retail"))
            #expect(hubSpotLast[.city] == .text("Hubville"))
            #expect(hubSpotLast[.leadSource] == .text("PAID_SEARCH"))
            let salesforceLast = try #require(try first.contact(email: people[1].email))
            #expect(salesforceLast[.industry] == .text("software"))
            #expect(salesforceLast[.city] == .text("Forceton"))
            #expect(salesforceLast[.leadSource] == .text("Partner Referral"))
            // When a rep edits only the job title of the second person in HubSpot, and both stores pull HubSpot
            try await Task.sleep(for: .milliseconds(1_100))
            try await Self.editHubSpot(sandbox, people[1], ["jobtitle": "Chief Revenue Officer"])
            try await Self.pull(["hubspot"], sandbox, into: first)
            try await Self.pull(["hubspot"], sandbox, into: second)
            // Then only the title moved (Salesforce's industry, city and lead source stay), in both stores alike
            let after = try #require(try first.contact(email: people[1].email))
            #expect(after[.title] == .text("Chief Revenue Officer"))
            for field in CanonicalField.allCases where field != .title {
                #expect(after[field] == salesforceLast[field], "\(field)")
            }
            #expect(try PullFixtures.contentDump(first) == PullFixtures.contentDump(second))
        }
    }
}

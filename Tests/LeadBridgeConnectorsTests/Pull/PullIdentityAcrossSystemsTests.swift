import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData
import LeadBridgeSandbox
import Testing

/// One person in several systems must become one contact: the systems spell the email differently only in case and
/// surrounding white space, which normalizing (trim, lowercase) removes.
@Suite("Pull: a person in several systems is one contact")
struct PullIdentityAcrossSystemsTests {
    init() { PullFixtures.avoidProxies() }

    @Test("every person's email as a system holds it normalizes to the person's address")
    func typedEmailsNormalize() {
        // Marketo and Salesforce serve `emailAsTyped`, HubSpot and Pardot the address itself
        let generator = SampleDataGenerator(seed: 42)
        let differing = (0..<50_000).map(generator.person(at:)).filter { person in
            person.emailAsTyped.trimmingCharacters(in: .whitespaces).lowercased() != person.email
        }
        #expect(differing.count == 0, """
            \(differing.count) of 50,000 people would be two contacts, e.g. \
            \(differing.prefix(3).map { "\($0.emailAsTyped) vs \($0.email)" })
            """)
    }

    @Test("Marketo then Pardot, 3,000 people: one contact per person, each with both links")
    func marketoThenPardot() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 3_000, activitiesPerContact: 1)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let marketo = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketo(sandbox), connection: "marketo",
                mapping: try PullFixtures.mapping("marketo"), streams: ["leads"])
            let pardot = try await PullFixtures.puller(store).run(
                source: PullFixtures.pardot(sandbox), connection: "pardot",
                mapping: try PullFixtures.mapping("pardot"), streams: ["prospects"])
            #expect(marketo.rejected == 0 && pardot.rejected == 0)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links") == 6_000)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 3_000)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM (SELECT contact_id FROM source_links GROUP BY contact_id HAVING COUNT(*) = 2)
                """) == 3_000)
        }
    }
}

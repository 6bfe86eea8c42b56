import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Pull and score: a HubSpot demo meeting and its Salesforce task are one event, scored once")
struct PullSameEventTests {
    init() { PullFixtures.avoidProxies() }

    /// The shipped Salesforce mapping, for an org whose demo meetings reach Salesforce as call tasks ("Demo
    /// request", the meeting's URL in the description): those are typed as the demo request they record.
    static func salesforceMapping() throws -> FieldMapping {
        let path = PullFixtures.repositoryRoot.appendingPathComponent("Mappings/salesforce.yml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let typed = text.replacingOccurrences(of: #""Call/Call": sales_call"#, with: #""Call/Call": demo_request"#)
        #expect(typed != text)
        return try FieldMapping.parse(typed, path: "salesforce-demo-calls.yml")
    }

    /// Engagement by contact email.
    static func engagements(_ store: LeadStore) throws -> [String: Double] {
        try store.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT c.email, s.engagement FROM scores s JOIN contacts c ON c.id = s.contact_id
                """).map { ($0[0] as String, $0[1] as Double) })
        }
    }

    @Test("pulled from both systems, each demo counts once: engagement as with HubSpot alone")
    func hubSpotMeetingAndSalesforceTask() async throws {
        try await Self.run()
    }

    static func run() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 150, activitiesPerContact: 8)) { sandbox in
            let asOf = Int64(SandboxConfiguration().now.timeIntervalSince1970)
            let model = ScoringModel.default
            // Given HubSpot alone in one store, and HubSpot and Salesforce (demo tasks typed demo_request) in another
            let alone = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(alone).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: try PullFixtures.mapping("hubspot"))
            let both = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(both).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: try PullFixtures.mapping("hubspot"))
            _ = try await PullFixtures.puller(both).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: try salesforceMapping())
            let copies = try PullFixtures.count(both, """
                SELECT COUNT(*) FROM activities WHERE system = 'salesforce' AND type = 'demo_request'
                """)
            #expect(copies > 0, "the sandbox's CRM people have demo requests")

            // When scoring both stores
            let single = try alone.score(model: model, asOf: asOf)
            let summary = try both.score(model: model, asOf: asOf)

            // Then every Salesforce demo task is a copy of a HubSpot meeting (same time and meeting URL), and
            // every contact's engagement is what HubSpot's records alone give
            #expect(single.sameEventCopies == 0)
            #expect(summary.sameEventCopies == copies)
            let expected = try engagements(alone)
            let actual = try engagements(both)
            #expect(expected.count > 100)
            let differing = expected.filter { actual[$0.key] != $0.value }
            #expect(differing.isEmpty, "\(differing.prefix(5))")
            // And without de-duplication the same store scores some contacts higher: the copies were real
            var counting = model
            counting.engagement.sameEventWithinMinutes = nil
            let email = try #require(try both.read { db in
                try String.fetchOne(db, sql: """
                    SELECT c.email FROM activities a JOIN contacts c ON c.id = a.contact_id
                    WHERE a.system = 'salesforce' AND a.type = 'demo_request' ORDER BY a.id LIMIT 1
                    """)
            })
            let doubled = try #require(try both.explain(contact: email, model: counting, asOf: asOf))
            let once = try #require(try both.explain(contact: email, model: model, asOf: asOf))
            #expect(doubled.engagement > once.engagement)
            // And explain lists the demo from both systems, and the copy it left out
            let demo = try #require(once.engagementRules.first { $0.id == "demo-request" })
            #expect(demo.activities.allSatisfy { Set($0.systems) == ["hubspot", "salesforce"] }, "\(demo.activities)")
            #expect(once.sameEventCopies == demo.matched)
            // And a re-score writes nothing
            #expect(try both.score(model: model, asOf: asOf).changed == 0)
        }
    }
}

import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Pull: the same person in Marketo, Pardot, HubSpot and Salesforce is one contact with four links")
struct PullFourSystemsTests {
    init() { PullFixtures.avoidProxies() }

    static let config = SandboxConfiguration(contacts: 300, activitiesPerContact: 4)
    static let systems = ["hubspot", "salesforce", "marketo", "pardot"]

    /// Pulls each system, in the order given, through its shipped mapping.
    static func pull(_ systems: [String], _ sandbox: RunningSandbox, into store: LeadStore) async throws
        -> [PullReport]
    {
        var reports: [PullReport] = []
        for system in systems {
            let puller = PullFixtures.puller(store)
            let mapping = try PullFixtures.mapping(system)
            switch system {
            case "hubspot":
                reports.append(try await puller.run(source: PullFixtures.hubSpot(sandbox), connection: system,
                                                    mapping: mapping))
            case "salesforce":
                reports.append(try await puller.run(source: PullFixtures.salesforce(sandbox), connection: system,
                                                    mapping: mapping))
            case "marketo":
                reports.append(try await puller.run(source: PullFixtures.marketo(sandbox), connection: system,
                                                    mapping: mapping))
            default:
                reports.append(try await puller.run(source: PullFixtures.pardot(sandbox), connection: system,
                                                    mapping: mapping))
            }
        }
        return reports
    }

    static func activitiesBySystem(_ store: LeadStore) throws -> [String: Int] {
        try store.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT system, COUNT(*) FROM activities GROUP BY system
                """).map { ($0[0] as String, $0[1] as Int) })
        }
    }

    @Test("one contact, four links, every system's activities on it; re-pulls and another order change nothing")
    func fourSystems() async throws {
        try await withSandbox(Self.config) { sandbox in
            // Given what each system alone stores (pulled into a store of its own)
            var alone: [String: Int] = [:]
            for system in Self.systems {
                let store = try PullFixtures.temporaryStore()
                _ = try await Self.pull([system], sandbox, into: store)
                alone[system] = try Self.activitiesBySystem(store)[system] ?? 0
            }
            #expect(Self.systems.allSatisfy { (alone[$0] ?? 0) > 0 }, "\(alone)")
            // When pulling all four into one store
            let store = try PullFixtures.temporaryStore()
            let first = try await Self.pull(Self.systems, sandbox, into: store)
            #expect(first.allSatisfy { $0.rejected == 0 && $0.interruption == nil })
            // Then every person is one contact, with at most one link per system (Salesforce: a Lead or a Contact)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 300)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM (SELECT 1 FROM source_links GROUP BY contact_id, system HAVING COUNT(*) > 1)
                """) == 0)
            // and the people in all four systems (all of Salesforce's: the others hold everybody) have four links
            let inSalesforce = try PullFixtures.count(store, """
                SELECT COUNT(DISTINCT contact_id) FROM source_links WHERE system = 'salesforce'
                """)
            let fourLinks = try store.read { db in
                try Int64.fetchAll(db, sql: """
                    SELECT contact_id FROM source_links GROUP BY contact_id
                    HAVING COUNT(DISTINCT system) = 4 AND COUNT(*) = 4
                    """)
            }
            #expect(inSalesforce > 0 && fourLinks.count == inSalesforce)
            let objects = try store.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT object FROM source_links WHERE system = 'salesforce'")
            }
            #expect(Set(objects).isSubset(of: ["Lead", "Contact"]))
            // and each system's activities are all stored, each on a contact that system links
            #expect(try Self.activitiesBySystem(store) == alone)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM activities a WHERE NOT EXISTS (
                    SELECT 1 FROM source_links l WHERE l.contact_id = a.contact_id AND l.system = a.system)
                """) == 0)
            // and the four-system people hold activities from all four systems
            let withAllFour = try PullFixtures.count(store, """
                SELECT COUNT(*) FROM (SELECT a.contact_id FROM activities a
                    WHERE a.contact_id IN (SELECT contact_id FROM source_links GROUP BY contact_id
                                           HAVING COUNT(DISTINCT system) = 4)
                    GROUP BY a.contact_id HAVING COUNT(DISTINCT a.system) = 4)
                """)
            #expect(withAllFour > 0)
            let dump = try PullFixtures.contentDump(store)
            // When pulling all four again with nothing changed
            let again = try await Self.pull(Self.systems, sandbox, into: store)
            // Then nothing is created or updated and the content is the same
            #expect(again.allSatisfy { report in report.streams.allSatisfy { $0.created == 0 && $0.updated == 0 } })
            #expect(try PullFixtures.contentDump(store) == dump)
            // When another store pulls them in the opposite order
            let reversed = try PullFixtures.temporaryStore()
            _ = try await Self.pull(Self.systems.reversed(), sandbox, into: reversed)
            // Then it holds the same content
            #expect(try PullFixtures.contentDump(reversed) == dump)
        }
    }
}

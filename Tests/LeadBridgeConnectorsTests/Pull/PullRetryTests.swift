import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Pull: rejected records are read again by key on the next pull")
struct PullRetryTests {
    init() { PullFixtures.avoidProxies() }

    /// A shipped mapping without some lines (entries of a `map:`), as a person might have written it.
    static func mapping(_ name: String, without lines: [String]) throws -> FieldMapping {
        let text = try String(contentsOf: PullFixtures.repositoryRoot.appendingPathComponent("Mappings/\(name).yml"),
                              encoding: .utf8)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in !lines.contains { line.trimmingCharacters(in: .whitespaces) == $0 } }
        #expect(kept.count == text.split(separator: "\n", omittingEmptySubsequences: false).count - lines.count)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("\(name).yml").path
        try kept.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try FieldMapping.load(path: path)
    }

    static func strings(_ store: LeadStore, _ sql: String) throws -> [String] {
        try store.read { db in try String.fetchAll(db, sql: sql) }
    }

    static func batches(_ count: Int, of size: Int) -> Int { (count + size - 1) / size }

    @Test("Salesforce: people rejected by an incomplete stage map come in on the next plain pull after the fix")
    func salesforceMappingFixed() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 600, activitiesPerContact: 0)) { sandbox in
            let fixed = try PullFixtures.mapping("salesforce")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: fixed)
            // Given a pull whose lifecycle map lacks two stages
            let store = try PullFixtures.temporaryStore()
            let incomplete = try Self.mapping("salesforce", without: ["MQL: mql", "Customer: customer"])
            let first = try await PullFixtures.puller(store).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: incomplete)
            let rejectedLeads = try #require(first.streams.first { $0.stream == "Lead" }?.rejected)
            let rejectedContacts = try #require(first.streams.first { $0.stream == "Contact" }?.rejected)
            try #require(rejectedLeads > 0 && rejectedContacts > 0)
            // Then the rejects say they will be read again
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM rejects WHERE message LIKE '%next pull reads this record again%'
                """) == first.rejected)
            #expect(try store.retryKeys(connection: "salesforce", stream: "Lead").count == rejectedLeads)
            // When the mapping is fixed and a plain pull runs
            let second = try await PullFixtures.puller(store).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: fixed)
            // Then everyone is there, as after a clean pull, with one query per 200 rejected ids besides the usual 3
            #expect(second.rejected == 0)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
            let retriedLeads = try #require(second.streams.first { $0.stream == "Lead" }?.retried)
            let retriedContacts = try #require(second.streams.first { $0.stream == "Contact" }?.retried)
            #expect(retriedLeads <= rejectedLeads && retriedLeads > 0)
            #expect(second.apiCalls["GET /services/data/v60.0/queryAll"]
                == 3 + Self.batches(retriedLeads, of: 200) + Self.batches(retriedContacts, of: 200))
            #expect(try store.retryKeys(connection: "salesforce", stream: "Lead").isEmpty)
            #expect(try store.retryKeys(connection: "salesforce", stream: "Contact").isEmpty)
            // And the pull after it makes only the usual calls
            let third = try await PullFixtures.puller(store).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce", mapping: fixed)
            #expect(third.apiCalls["GET /services/data/v60.0/queryAll"] == 3)
            #expect(third.retried == 0)
        }
    }

    @Test("HubSpot: a key that maps now leaves the list, one rejected again stays, one gone leaves with a note")
    func hubSpotRetries() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 600, activitiesPerContact: 0)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            func pull(_ mapping: FieldMapping) async throws -> PullReport {
                try await PullFixtures.puller(store).run(
                    source: PullFixtures.hubSpot(sandbox, engagementObjects: []), connection: "hubspot",
                    mapping: mapping)
            }
            let readBatch = HubSpotSource.batchReadEndpoint("contacts")
            // Given a pull whose lifecycle map lacks two stages
            let first = try await pull(try Self.mapping("hubspot", without: [
                "opportunity: opportunity", "customer: customer",
            ]))
            let rejected = Set(try store.retryKeys(connection: "hubspot", stream: "contacts"))
            try #require(first.rejected > 0)
            #expect(rejected.count == first.rejected)
            #expect(first.apiCalls[readBatch] == nil)
            // And one of the rejected people deleted in HubSpot since
            let gone = try #require(rejected.sorted().first)
            _ = try await PullFixtures.archiveContact(sandbox, id: gone)
            // When the map gains one of the stages and a plain pull runs
            let second = try await pull(try Self.mapping("hubspot", without: ["customer: customer"]))
            // Then the customers are rejected again (reported again) and stay; the deleted one leaves with a note
            let report = try #require(second.streams.first { $0.stream == "contacts" })
            #expect(report.gone == [gone])
            #expect(report.retried > 0 && report.retried <= rejected.count)
            #expect(second.apiCalls[readBatch] == Self.batches(report.retried, of: 100))
            let stillRejected = Set(try store.retryKeys(connection: "hubspot", stream: "contacts"))
            let reportedAgain = Set(try Self.strings(store,
                "SELECT external_id FROM rejects WHERE run_id = \(second.runID)"))
            #expect(!stillRejected.isEmpty && stillRejected.isSubset(of: rejected))
            #expect(stillRejected == reportedAgain)
            #expect(report.rejected == stillRejected.count)
            #expect(!stillRejected.contains(gone))
            let recovered = rejected.subtracting(stillRejected).subtracting([gone])
            try #require(!recovered.isEmpty)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM source_links WHERE system = 'hubspot' AND external_id IN
                ('\(recovered.joined(separator: "','"))')
                """) == recovered.count)
            // When the map is complete
            let third = try await pull(try PullFixtures.mapping("hubspot"))
            // Then everyone HubSpot still has is stored, and nothing is left to retry
            #expect(third.rejected == 0)
            #expect(try store.retryKeys(connection: "hubspot", stream: "contacts").isEmpty)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links WHERE deleted = 0") == 599)
            #expect(third.apiCalls[readBatch] == Self.batches(try #require(third.streams.first?.retried), of: 100))
        }
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

extension PullFixtures {
    static func pardot(_ sandbox: RunningSandbox, budget: Int? = nil) -> PardotSource {
        PardotSource.make(
            baseURL: sandbox.baseURL(for: .pardot), loginURL: sandbox.baseURL(for: .salesforce),
            businessUnitID: SandboxCredentials.pardotBusinessUnitID,
            grant: .clientCredentials(clientID: Secret(SandboxCredentials.salesforceClientID),
                                      clientSecret: Secret(SandboxCredentials.salesforceClientSecret)),
            transport: transport, ledger: CallLedger(budget: budget), retry: fastRetry, logger: quiet)
    }

    /// A rep deletes a Pardot prospect (`POST /__sandbox/archive`).
    static func deleteProspect(_ sandbox: RunningSandbox, id: String) async throws {
        var request = URLRequest(url: sandbox.baseURL.appendingPathComponent("__sandbox/archive"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["vendor": "pardot", "object": "prospect",
                                                                       "id": id])
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        let (_, response) = try await URLSession(configuration: configuration).data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }
}

@Suite("Pull: Pardot prospects and visitor activities against the sandbox")
struct PullPardotTests {
    init() { PullFixtures.avoidProxies() }

    static let prospectQuery = "GET /api/prospect/version/4/do/query"
    static let activityQuery = "GET /api/visitorActivity/version/4/do/query"
    static let token = "POST /services/oauth2/token"

    func pull(_ store: LeadStore, _ source: PardotSource) async throws -> PullReport {
        try await PullFixtures.puller(store).run(source: source, connection: "pardot",
                                                 mapping: try PullFixtures.mapping("pardot"))
    }

    @Test("a full pull stores every prospect and mapped activity once; a no-change pull makes three queries")
    func fullThenNoChange() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 1_000, activitiesPerContact: 3)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            // When pulling everything
            let first = try await pull(store, PullFixtures.pardot(sandbox))
            // Then every prospect is linked once, every activity read once, the scored kinds stored
            let prospects = try #require(first.streams.first { $0.stream == "prospects" })
            let activities = try #require(first.streams.first { $0.stream == "visitor_activities" })
            #expect(prospects.read == 1_000 && prospects.created == 1_000 && first.rejected == 0)
            #expect(activities.read == 3_000)
            #expect(activities.created + activities.skipped == 3_000)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links WHERE system = 'pardot'") == 1_000)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities WHERE system = 'pardot'")
                == activities.created)
            #expect(try PullFixtures.count(store, "SELECT COUNT(DISTINCT type) FROM activities") >= 5)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM activities WHERE type = 'page_view' AND (url IS NULL OR url = '')
                """) == 0)
            // Five pages of 200, each re-reading the second it ended in (so at most one page more), and the
            // deleted query
            #expect((6...7).contains(first.apiCalls[Self.prospectQuery] ?? 0))
            #expect(first.apiCalls[Self.activityQuery] == 15 + 1)
            let dump = try PullFixtures.contentDump(store)
            // When pulling again with nothing changed
            let second = try await pull(store, PullFixtures.pardot(sandbox))
            // Then one window page, one deleted page and one activity page, and nothing changes
            #expect(second.streams.allSatisfy { $0.created == 0 && $0.updated == 0 })
            #expect(second.apiCalls == [Self.token: 1, Self.prospectQuery: 2, Self.activityQuery: 1])
            #expect(try PullFixtures.contentDump(store) == dump)
        }
    }

    @Test("an incremental pull brings edits and deletions only, with minimal calls")
    func incremental() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 600, activitiesPerContact: 2)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            _ = try await pull(store, PullFixtures.pardot(sandbox))
            // Given a rep edits three prospects and deletes one
            for id in ["5", "77", "301"] {
                try await PullFixtures.edit(sandbox, vendor: "pardot", object: "prospect", id: id,
                                            fields: ["job_title": "Chief Revenue Officer"])
            }
            try await PullFixtures.deleteProspect(sandbox, id: "42")
            // When pulling
            let report = try await pull(store, PullFixtures.pardot(sandbox))
            // Then the three are updated, the deleted one is a tombstone, and three queries did it
            let prospects = try #require(report.streams.first { $0.stream == "prospects" })
            #expect(prospects.updated == 3 && prospects.created == 0 && prospects.deleted == 1)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM contacts WHERE title = 'Chief Revenue Officer'
                """) == 3)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM source_links WHERE system = 'pardot' AND external_id = '42' AND deleted = 1
                """) == 1)
            #expect(report.apiCalls == [Self.token: 1, Self.prospectQuery: 2, Self.activityQuery: 1])
        }
    }

    @Test("more than a page of prospects changed within the same seconds: each arrives once, none is missed")
    func crowdedSeconds() async throws {
        // Sandbox time stands still but for a millisecond per write: the edits below share one second.
        let config = SandboxConfiguration(contacts: 700, activitiesPerContact: 0, advancesTime: false)
        try await withSandbox(config) { sandbox in
            let store = try PullFixtures.temporaryStore()
            _ = try await pull(store, PullFixtures.pardot(sandbox))
            // Given 450 prospects edited in one second (as an import does)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<6 {
                    group.addTask {
                        for id in stride(from: 1 + lane, through: 450, by: 6) {
                            try await PullFixtures.edit(sandbox, vendor: "pardot", object: "prospect",
                                                        id: String(id), fields: ["city": "Lisbon"])
                        }
                    }
                }
                try await group.waitForAll()
            }
            // When pulling
            let report = try await pull(store, PullFixtures.pardot(sandbox))
            // Then every edited prospect is updated exactly once
            let prospects = try #require(report.streams.first { $0.stream == "prospects" })
            #expect(prospects.updated == 450)
            #expect(prospects.read == 450)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts WHERE city = 'Lisbon'") == 450)
            // Two window pages (the second brings nothing new), that second by id (200, 200, 50), the window after
            // it, and the deleted query
            #expect(report.apiCalls[Self.prospectQuery] == 7)
        }
    }

    struct Fault: Sendable, CustomTestStringConvertible {
        var name: String
        var faults: [SandboxFault]
        var testDescription: String { name }
    }

    static let faults = [
        Fault(name: "daily limit (122) on the activities: a clean stop, then the rerun completes", faults: [
            SandboxFault(kind: .rateLimit, count: 1, vendor: .pardot, pathContains: "visitorActivity")]),
        Fault(name: "503 twice", faults: [
            SandboxFault(kind: .status, count: 2, vendor: .pardot, pathContains: "visitorActivity", status: 503)]),
        Fault(name: "a truncated body", faults: [
            SandboxFault(kind: .truncate, count: 1, vendor: .pardot, pathContains: "visitorActivity")]),
        Fault(name: "a dropped connection", faults: [
            SandboxFault(kind: .drop, count: 1, vendor: .pardot, pathContains: "prospect")]),
        Fault(name: "token expiry (184) between prospects and activities", faults: [
            SandboxFault(kind: .tokenExpiry, count: 1, vendor: .pardot, pathContains: "visitorActivity")]),
    ]

    @Test("faults end with the content of a clean pull", arguments: faults)
    func faultMatrix(_ fault: Fault) async throws {
        try await withSandbox(SandboxConfiguration(contacts: 500, activitiesPerContact: 2)) { sandbox in
            let clean = try PullFixtures.temporaryStore()
            _ = try await pull(clean, PullFixtures.pardot(sandbox))
            // Given the fault
            for item in fault.faults { await sandbox.injectFault(item) }
            let store = try PullFixtures.temporaryStore()
            let source = PullFixtures.pardot(sandbox)
            let report = try await pull(store, source)
            if fault.faults[0].kind == .rateLimit {
                // Then the run stops cleanly with the prospects stored, and the rerun completes
                #expect(report.interruption?.reason == .remoteLimit)
                #expect(report.interruption?.message.contains("122") == true)
                #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links") == 500)
                _ = try await pull(store, PullFixtures.pardot(sandbox))
            } else {
                #expect(report.interruption == nil)
            }
            if fault.faults[0].kind == .tokenExpiry {
                #expect(await source.tokens.fetches == 2)
            }
            // Then the content is that of a clean pull
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }

    @Test("a budget spent mid-activities stops cleanly; the rerun resumes after the last stored activity id")
    func activitiesResumeByID() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 500, activitiesPerContact: 4)) { sandbox in
            let clean = try PullFixtures.temporaryStore()
            let full = try await pull(clean, PullFixtures.pardot(sandbox))
            let activityCalls = try #require(full.apiCalls[Self.activityQuery])
            #expect(activityCalls == 11)
            // Given a budget that runs out half-way through the visitor activities
            let store = try PullFixtures.temporaryStore()
            let cut = try await pull(store, PullFixtures.pardot(sandbox, budget: 11))
            #expect(cut.interruption?.reason == .budgetExhausted)
            let position = try #require(try store.streamPosition(connection: "pardot", stream: "visitor_activities"))
            #expect(position.cursor == nil)
            #expect(position.pageToken?.hasPrefix("pardot-activities after=- id=") == true)
            let storedBefore = try PullFixtures.count(store, "SELECT COUNT(*) FROM activities")
            #expect(storedBefore > 0 && storedBefore < 2_000)
            // When rerun
            let rerun = try await pull(store, PullFixtures.pardot(sandbox))
            // Then it reads only the rest of the window, ends with the clean content and clears the token
            let activities = try #require(rerun.streams.first { $0.stream == "visitor_activities" })
            #expect(activities.read == 2_000 - storedBefore)
            #expect(try #require(rerun.apiCalls[Self.activityQuery]) < activityCalls)
            #expect(try store.streamPosition(connection: "pardot", stream: "visitor_activities")?.pageToken == "")
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }

    @Test("a pull killed mid-way, then rerun, ends with the content of a clean pull")
    func killedThenRerun() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 900, activitiesPerContact: 2)) { sandbox in
            let clean = try PullFixtures.temporaryStore()
            _ = try await pull(clean, PullFixtures.pardot(sandbox))
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("pardot")
            // Given a pull that dies after three pages
            await #expect(throws: CrashingSource<PardotSource>.Crash.self) {
                try await PullFixtures.puller(store).run(
                    source: CrashingSource(base: PullFixtures.pardot(sandbox), pages: 3), connection: "pardot",
                    mapping: mapping)
            }
            let stored = try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links")
            #expect(stored > 0 && stored < 900)
            // When rerun
            _ = try await pull(store, PullFixtures.pardot(sandbox))
            // Then the content is that of a clean pull
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }

    @Test("a hostile XML response is refused unread and the cursor stays where the stored data is",
          arguments: ["prospect", "visitorActivity"])
    func hostileXML(_ path: String) async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 2)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            _ = try await pull(store, PullFixtures.pardot(sandbox))
            let before = try store.streamCursor(connection: "pardot", stream: "prospects")
            let activitiesBefore = try store.streamCursor(connection: "pardot", stream: "visitor_activities")
            let dump = try PullFixtures.contentDump(store)
            // Given an edit, and a response with a DOCTYPE, an external entity and entity expansion
            try await PullFixtures.edit(sandbox, vendor: "pardot", object: "prospect", id: "12",
                                        fields: ["city": "Oslo"])
            await sandbox.injectFault(SandboxFault(kind: .hostileXML, count: 1, vendor: .pardot, pathContains: path))
            // When pulling
            let error = await #expect(throws: APIError.self) { try await pull(store, PullFixtures.pardot(sandbox)) }
            // Then a clear error, nothing of the response stored, the cursor of the failed stream unchanged
            #expect(error?.code == .invalidResponse)
            #expect(error?.apiCode == PardotDialect.hostileCode)
            #expect(error?.message.contains("DOCTYPE") == true)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts WHERE email LIKE '%root:%'") == 0)
            if path == "prospect" {
                #expect(try store.streamCursor(connection: "pardot", stream: "prospects") == before)
                #expect(try PullFixtures.contentDump(store) == dump)
            } else {
                #expect(try store.streamCursor(connection: "pardot", stream: "visitor_activities") == activitiesBefore)
            }
            // And the next pull brings the edit
            _ = try await pull(store, PullFixtures.pardot(sandbox))
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts WHERE city = 'Oslo'") == 1)
        }
    }

    @Test("rejected prospects: one still in the window is rejected again, a deleted one is a tombstone and gone")
    func rejectsReadByID() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 120, activitiesPerContact: 0)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            // Given two prospects whose email the mapping rejects
            for id in ["9", "10"] {
                try await PullFixtures.edit(sandbox, vendor: "pardot", object: "prospect", id: id,
                                            fields: ["email": "not an email"])
            }
            let first = try await pull(store, PullFixtures.pardot(sandbox))
            #expect(first.rejected == 2)
            try await PullFixtures.deleteProspect(sandbox, id: "10")
            // When pulling again
            let second = try await PullFixtures.puller(store).run(
                source: PullFixtures.pardot(sandbox), connection: "pardot",
                mapping: try PullFixtures.mapping("pardot"))
            // Then prospect 9 comes again in the window (still rejected); prospect 10 comes through the deleted
            // query, and its read by id (error 4: gone) takes the one read call
            let prospects = try #require(second.streams.first { $0.stream == "prospects" })
            #expect(prospects.rejected == 1 && prospects.deleted == 1 && prospects.gone == ["10"])
            #expect(second.apiCalls["GET /api/prospect/version/4/do/read/id/{id}"] == 1)
        }
    }

    @Test("discover lists the documented and fetched prospect fields; check finds every mapped field")
    func discoverAndCheck() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 20, activitiesPerContact: 1)) { sandbox in
            let connector = PardotConnector(source: PullFixtures.pardot(sandbox))
            let objects = try await connector.discover()
            #expect(objects.map(\.name) == ["prospect", "visitor_activity"])
            let fields = Set(objects[0].fields.map(\.name))
            #expect(fields.isSuperset(of: ["email", "updated_at", "crm_lead_fid", "score", "grade"]))
            let check = try await connector.check(try PullFixtures.mapping("pardot"))
            #expect(check.unknownFields.isEmpty)
            var wrong = try PullFixtures.mapping("pardot")
            wrong.fields[0].rule.source = .field("emial")
            #expect(try await connector.check(wrong).unknownFields.count == 1)
        }
    }

    @Test("the same people in HubSpot, Salesforce and Pardot end as one contact each")
    func oneContactAcrossSystems() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 400, activitiesPerContact: 0)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce",
                mapping: try PullFixtures.mapping("salesforce"))
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot",
                mapping: try PullFixtures.mapping("hubspot"))
            let report = try await pull(store, PullFixtures.pardot(sandbox))
            #expect(report.streams.reduce(0) { $0 + $1.created } == 0)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 400)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM (SELECT contact_id FROM source_links WHERE system = 'pardot'
                                      GROUP BY contact_id HAVING COUNT(*) = 1)
                """) == 400)
        }
    }
}

import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Pull: HubSpot contacts against the sandbox")
struct PullHubSpotTests {
    init() { PullFixtures.avoidProxies() }

    @Test("a first pull stores every contact once; a second one changes nothing with one search call")
    func firstAndSecondPull() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 1_000, activitiesPerContact: 0)) { sandbox in
            // Given an empty store
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("hubspot")
            // When pulling everything
            let first = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Then every contact is stored once, with its link and cursor
            #expect(first.streams.first?.read == 1_000)
            #expect(first.streams.first?.created == 1_000)
            #expect(first.rejected == 0)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 1_000)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links") == 1_000)
            #expect(first.apiCalls[HubSpotSource.searchEndpoint] == 5)
            let cursor = try #require(try store.streamCursor(connection: "hubspot", stream: "contacts"))
            // When pulling again with no remote change
            let second = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Then only the lookback window is re-read, in one call, and nothing changes
            #expect(second.apiCalls[HubSpotSource.searchEndpoint] == 1)
            #expect(second.streams.first?.created == 0)
            #expect(second.streams.first?.updated == 0)
            #expect(second.streams.first?.since == cursor.time - 5 * 60_000)
            #expect(try store.streamCursor(connection: "hubspot", stream: "contacts") == cursor)
        }
    }

    @Test("after N remote edits the next pull fetches those N (plus the lookback overlap) and stores them")
    func remoteEdits() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 400, activitiesPerContact: 0)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("hubspot")
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            let before = try #require(try store.streamCursor(connection: "hubspot", stream: "contacts"))
            // Given three contacts edited by a rep
            for id in ["7", "42", "300"] {
                try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "contacts", id: id,
                                            fields: ["jobtitle": "Chief Edited Officer \(id)"])
            }
            // When pulling again
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Then exactly those three are updated, in one page
            #expect(report.streams.first?.updated == 3)
            #expect(report.streams.first?.created == 0)
            #expect(report.apiCalls[HubSpotSource.searchEndpoint] == 1)
            #expect(try PullFixtures.count(store,
                "SELECT COUNT(*) FROM contacts WHERE title LIKE 'Chief Edited Officer %'") == 3)
            let after = try #require(try store.streamCursor(connection: "hubspot", stream: "contacts"))
            #expect(after > before)
        }
    }

    @Test("past the search cap the search restarts from the last (lastmodifieddate, id) and misses nothing")
    func searchCapRestart() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 2_000, activitiesPerContact: 0)) { sandbox in
            // Given a search cap of 600 results per query (HubSpot's is 10,000)
            let store = try PullFixtures.temporaryStore()
            let source = PullFixtures.hubSpot(sandbox, searchCap: 600)
            // When pulling 2,000 contacts
            let report = try await PullFixtures.puller(store).run(
                source: source, connection: "hubspot", mapping: try PullFixtures.mapping("hubspot"))
            // Then every one is stored, with no record read twice but the boundary
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links") == 2_000)
            #expect(report.streams.first?.created == 2_000)
            let read = try #require(report.streams.first?.read)
            #expect(read >= 2_000 && read <= 2_003)
            // ceil(2000/200) pages plus at most one short page per restart
            let calls = try #require(report.apiCalls[HubSpotSource.searchEndpoint])
            #expect(calls >= 10 && calls <= 14)
        }
    }

    @Test("429s, 503s, a truncated body and a dropped connection are retried; the content equals a clean pull")
    func faultsGiveTheSameContent() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 600, activitiesPerContact: 0)) { sandbox in
            let mapping = try PullFixtures.mapping("hubspot")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Given a burst of seven faults on the search endpoint (the policy allows eight attempts)
            await sandbox.injectFault(SandboxFault(kind: .rateLimit, count: 3, vendor: .hubspot))
            await sandbox.injectFault(SandboxFault(kind: .status, count: 2, vendor: .hubspot, status: 503))
            await sandbox.injectFault(SandboxFault(kind: .truncate, count: 1, vendor: .hubspot))
            await sandbox.injectFault(SandboxFault(kind: .drop, count: 1, vendor: .hubspot))
            // When pulling into a fresh store
            let faulty = try PullFixtures.temporaryStore()
            let report = try await PullFixtures.puller(faulty).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Then the retries show in the call count and the content is the same
            #expect(try #require(report.apiCalls[HubSpotSource.searchEndpoint]) > 3)
            #expect(try PullFixtures.contentDump(faulty) == PullFixtures.contentDump(clean))
            #expect(try PullFixtures.count(faulty, "SELECT COUNT(*) FROM contacts") == 600)
        }
    }

    @Test("a rejected token fails at once with an authentication error that does not show the token")
    func badToken() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 50, activitiesPerContact: 0)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let secret = "pat-na1-not-the-right-token-1234"
            let error = await #expect(throws: APIError.self) {
                try await PullFixtures.puller(store).run(
                    source: PullFixtures.hubSpot(sandbox, token: secret), connection: "hubspot",
                    mapping: try PullFixtures.mapping("hubspot"))
            }
            #expect(error?.code == .authentication)
            #expect(error?.status == 401)
            #expect(error?.isConfigurationProblem == true)
            #expect(error.map { !"\($0)".contains(secret) } == true)
            #expect(await sandbox.callCounts().values.reduce(0, +) == 1)
            #expect(try store.recentRuns(limit: 1).first?.status == .failed)
        }
    }

    @Test("a spent call budget stops cleanly with partial success; the next run resumes and completes")
    func budget() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 1_000, activitiesPerContact: 0)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("hubspot")
            // Given a budget of 2 calls per run
            let first = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox, budget: 2), connection: "hubspot", mapping: mapping)
            // Then the run stops after 400 records, partial, with its cursor stored
            #expect(first.interruption?.reason == .budgetExhausted)
            #expect(first.streams.first?.read == 400)
            #expect(try store.recentRuns(limit: 1).first?.status == .partial)
            #expect(try store.streamCursor(connection: "hubspot", stream: "contacts") != nil)
            // When the next run has budget enough
            let second = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Then everything is there
            #expect(second.interruption == nil)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 1_000)
        }
    }

    @Test("api_budget_per_day counts the day's earlier runs: once spent, a run stops before its first call")
    func dailyBudget() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 1_000, activitiesPerContact: 0)) { sandbox in
            // Given a configured connection with 3 calls a day
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pull-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("leadbridge.yml").path
            try """
                connections:
                  hubspot:
                    kind: hubspot
                    base_url: \(sandbox.baseURL(for: .hubspot).absoluteString)
                    token: ${HS_TOKEN}
                    mapping: \(PullFixtures.repositoryRoot.path)/Mappings/hubspot.yml
                    api_budget_per_day: 3
                """.write(toFile: path, atomically: true, encoding: .utf8)
            let config = try LeadBridgeConfig.load(
                path: path, environment: ["HS_TOKEN": SandboxCredentials.hubSpotAccessToken])
            let connection = try config.connection(named: "hubspot")
            let mapping = try FieldMapping.load(path: connection.mappingPath)
            let store = try PullFixtures.temporaryStore()
            let puller = PullFixtures.puller(store)
            func pull() async throws -> PullReport {
                let used = try store.apiCallsToday(connection: "hubspot", now: puller.now())
                let connector = try ConnectorRegistry.standard(transport: PullFixtures.transport).open(
                    connection, callsUsedToday: used, logger: PullFixtures.quiet)
                return try await puller.run(source: connector.source, connection: "hubspot", mapping: mapping)
            }
            // When pulling twice the same day
            let first = try await pull()
            let second = try await pull()
            // Then the first run makes 3 calls and the second none
            #expect(first.totalAPICalls == 3)
            #expect(first.interruption?.reason == .budgetExhausted)
            #expect(first.read == 600)
            #expect(second.totalAPICalls == 0)
            #expect(second.interruption?.reason == .budgetExhausted)
            #expect(try store.apiCallsToday(connection: "hubspot", now: puller.now()) == 3)
        }
    }

    @Test("a pull killed after two pages resumes from its stored cursor and ends with the same content")
    func crashAndResume() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 1_000, activitiesPerContact: 0)) { sandbox in
            let mapping = try PullFixtures.mapping("hubspot")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Given a pull that dies after its second page
            let store = try PullFixtures.temporaryStore()
            await #expect(throws: CrashingSource<HubSpotSource>.Crash.self) {
                try await PullFixtures.puller(store).run(
                    source: CrashingSource(base: PullFixtures.hubSpot(sandbox), pages: 2), connection: "hubspot",
                    mapping: mapping)
            }
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 400)
            let cursor = try #require(try store.streamCursor(connection: "hubspot", stream: "contacts"))
            // When it is run again
            let rerun = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Then it starts from the cursor (minus the lookback) and the content equals a clean pull
            #expect(rerun.streams.first?.since == cursor.time - 5 * 60_000)
            #expect(try #require(rerun.streams.first?.read) < 1_000)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }

    @Test("`engagements:` and `web_events:` choose the activity streams; an unknown object is refused")
    func engagementSetting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pull-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func open(_ setting: String?) throws -> HubSpotConnector {
            let path = folder.appendingPathComponent("leadbridge.yml").path
            try """
                connections:
                  hubspot:
                    kind: hubspot
                    base_url: http://127.0.0.1:9
                    token: ${HS_TOKEN}
                    mapping: \(PullFixtures.repositoryRoot.path)/Mappings/hubspot.yml
                \(setting.map { "    engagements: \($0)" } ?? "")
                """.write(toFile: path, atomically: true, encoding: .utf8)
            let config = try LeadBridgeConfig.load(path: path, environment: ["HS_TOKEN": "pat-test"])
            let connector = try ConnectorRegistry.standard().open(
                config.connection(named: "hubspot"), callsUsedToday: 0, logger: PullFixtures.quiet)
            return try #require(connector as? HubSpotConnector)
        }
        func streams(_ connector: HubSpotConnector, object: String = HubSpotSource.engagementsObject) -> [String] {
            connector.source.streams.filter { $0.kind == .activities && $0.object == object }.map(\.name)
        }
        #expect(streams(try open(nil)) == ["emails", "meetings"])
        #expect(streams(try open("notes, emails")) == ["notes", "emails"])
        // Page views and form submissions by default; `web_events:` names others, or none
        #expect(streams(try open(nil), object: HubSpotSource.webEventsObject) == ["e_visited_page", "e_submitted_form"])
        #expect(streams(try open("emails\n    web_events: e_submitted_form"), object: HubSpotSource.webEventsObject)
            == ["e_submitted_form"])
        #expect(streams(try open("emails\n    web_events: none"), object: HubSpotSource.webEventsObject) == [])
        let error = #expect(throws: ConfigurationError.self) { try open("emails, letters") }
        #expect(error?.description.contains("`letters`") == true)
        #expect(error?.description.contains("notes") == true)
    }
}

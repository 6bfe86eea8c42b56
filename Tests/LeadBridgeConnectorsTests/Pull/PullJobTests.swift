import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Logging
import Testing

/// `PullJob` decides what `pull` used to decide in the CLI: which connections, their budgets, the mapping check and
/// the lookback, from the typed settings.
@Suite("Pull: the PullJob")
struct PullJobTests {
    static func config(_ sandbox: RunningSandbox, folder: URL, extra: String) throws -> LeadBridgeConfig {
        let path = folder.appendingPathComponent("leadbridge.yml").path
        try """
            connections:
              csv_export:
                kind: file
                mapping: \(PullFixtures.repositoryRoot.path)/Mappings/generic-csv.yml
              hubspot:
                kind: hubspot
                base_url: \(sandbox.baseURL(for: .hubspot).absoluteString)
                token: ${HS_TOKEN}
                mapping: \(PullFixtures.repositoryRoot.path)/Mappings/hubspot.yml
            \(extra)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return try LeadBridgeConfig.load(path: path, environment: ["HS_TOKEN": SandboxCredentials.hubSpotAccessToken])
    }

    @Test("by default every API connection is pulled, with its lookback_minutes; file connections are not")
    func defaultsAndLookback() async throws {
        PullFixtures.avoidProxies()
        try await withSandbox(SandboxConfiguration(contacts: 50, activitiesPerContact: 0)) { sandbox in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pulljob-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            // Given a file connection and a HubSpot connection with a 30-minute lookback
            let config = try Self.config(sandbox, folder: folder, extra: "    lookback_minutes: 30")
            let store = try PullFixtures.temporaryStore()
            let job = PullJob(
                store: store, connectors: ConnectorRegistry.standard(transport: PullFixtures.transport),
                environment: JobEnvironment(now: PullFixtures.puller(store).now, clock: ContinuousClock(),
                                            logger: PullFixtures.quiet))
            // When no connection is named
            #expect(try job.connections(named: [], in: config).map(\.name) == ["hubspot"])
            var rendered: [String] = []
            let first = try await job.run(config: config, connections: [], full: false,
                                          pulled: { rendered.append($0.connection) })
            let cursor = try #require(try store.streamCursor(connection: "hubspot", stream: "contacts"))
            let second = try await job.run(config: config, connections: [], full: false)
            // Then HubSpot alone is pulled, each report handed over as it is done, and the second pull starts 30
            // minutes before the stored cursor
            #expect(rendered == ["hubspot"])
            #expect(first.reports.map(\.connection) == ["hubspot"])
            #expect(!first.isPartial)
            #expect(second.reports.first?.streams.first?.since == cursor.time - 30 * 60_000)
        }
    }

    @Test("a mapping field the remote lacks stops the connection as a configuration error naming the mapping")
    func unknownFieldIsAConfigurationError() async throws {
        PullFixtures.avoidProxies()
        try await withSandbox(SandboxConfiguration(contacts: 5, activitiesPerContact: 0)) { sandbox in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pulljob-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let mapping = folder.appendingPathComponent("bad.yml").path
            try """
                object: contacts
                key: id
                modified: { from: properties.lastmodifieddate, transform: [date] }
                fields:
                  email: { from: properties.email, required: true }
                  title: properties.no_such_property
                """.write(toFile: mapping, atomically: true, encoding: .utf8)
            var config = try Self.config(sandbox, folder: folder, extra: "")
            config.connections[1].mappingPath = mapping
            let store = try PullFixtures.temporaryStore()
            let job = PullJob(
                store: store, connectors: ConnectorRegistry.standard(transport: PullFixtures.transport),
                environment: JobEnvironment(now: { 1_790_000_000 }, clock: ContinuousClock(),
                                            logger: PullFixtures.quiet))
            let error = await #expect(throws: ConfigurationError.self) {
                try await job.run(config: config, connections: ["hubspot"], full: false)
            }
            #expect(error?.description.contains("bad.yml:6:") == true, "\(String(describing: error))")
            #expect(error?.description.contains("no_such_property") == true)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 0)
            // And the stopped pull is in the run history as failed, with the reason
            let runs = try store.recentRuns()
            #expect(runs.map(\.status) == [.failed])
            #expect(runs.first?.command == "pull")
            #expect(runs.first?.message?.contains("no_such_property") == true)
            #expect(runs.first?.finishedAt == 1_790_000_000)
        }
    }
}

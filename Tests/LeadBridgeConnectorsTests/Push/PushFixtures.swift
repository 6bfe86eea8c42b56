import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData
import LeadBridgeSandbox
import Logging
import Testing

/// A project against the sandbox for push tests: a config with the shipped HubSpot (and Salesforce) mappings, a
/// temp store, pulled and scored with the shipped model.
struct PushProject {
    let sandbox: RunningSandbox
    let folder: URL
    let config: LeadBridgeConfig
    let store: LeadStore
    var now: Int64 = Int64(SampleDataGenerator.defaultNow.timeIntervalSince1970) + 3_600

    /// A project whose config has these connections (`hubspot`, `salesforce`), with optional extra settings lines
    /// for each, and optionally a mapping of its own per connection.
    init(_ sandbox: RunningSandbox, connections: [String] = ["hubspot"], settings: String = "",
         mappings: [String: String] = [:]) throws {
        PullFixtures.avoidProxies()
        self.sandbox = sandbox
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("push-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = "store: store.sqlite\nscoring: \(PullFixtures.repositoryRoot.path)/config/scoring.yml\nconnections:\n"
        for name in connections {
            let mapping = mappings[name] ?? PullFixtures.repositoryRoot.appendingPathComponent("Mappings/\(name).yml")
                .path
            if name == "hubspot" {
                text += """
                      hubspot:
                        kind: hubspot
                        base_url: \(sandbox.baseURL(for: .hubspot).absoluteString)
                        token: ${HS_TOKEN}
                        mapping: \(mapping)

                    """
            } else {
                text += """
                      salesforce:
                        kind: salesforce
                        base_url: \(sandbox.baseURL(for: .salesforce).absoluteString)
                        client_id: ${SF_ID}
                        client_secret: ${SF_SECRET}
                        mapping: \(mapping)

                    """
            }
            text += settings
        }
        let path = folder.appendingPathComponent("leadbridge.yml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        config = try LeadBridgeConfig.load(path: path, environment: [
            "HS_TOKEN": SandboxCredentials.hubSpotAccessToken, "SF_ID": SandboxCredentials.salesforceClientID,
            "SF_SECRET": SandboxCredentials.salesforceClientSecret,
        ])
        store = try LeadStore(path: config.storePath)
    }

    var environment: JobEnvironment {
        let now = self.now
        return JobEnvironment(now: { now }, clock: ContinuousClock(), logger: PullFixtures.quiet)
    }

    var job: PushJob {
        PushJob(store: store, connectors: ConnectorRegistry.standard(transport: PullFixtures.transport),
                environment: environment)
    }

    /// Pulls every connection (of `pullConfig`, default the project's) and scores with the shipped model as of
    /// the sandbox's time.
    func pullAndScore(pullConfig: LeadBridgeConfig? = nil) async throws {
        let pull = PullJob(store: store, connectors: ConnectorRegistry.standard(transport: PullFixtures.transport),
                           environment: environment)
        try await pull.run(config: pullConfig ?? config, connections: [], full: false)
        let model = try ScoringModel.load(path: config.scoringPath)
        _ = try ScoreJob(store: store, model: model, asOf: Int64(SampleDataGenerator.defaultNow.timeIntervalSince1970))
            .run(environment)
    }

    func remove() {
        try? store.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The sandbox's write log: the calls per endpoint and the writes.
    func log() async throws -> (calls: [String: Int], writes: [[String: Any]]) {
        let (data, _) = try await URLSession.shared.data(from: sandbox.baseURL.appendingPathComponent("__sandbox/log"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return (object["calls"] as? [String: Int] ?? [:], object["writes"] as? [[String: Any]] ?? [])
    }

    /// HubSpot contacts' current properties, read over HTTP by another path than the connector's (GET by id).
    func hubSpotContact(_ id: String, _ properties: [String]) async throws -> [String: String] {
        var request = URLRequest(url: URL(string: sandbox.baseURL(for: .hubspot).absoluteString
            + "/crm/v3/objects/contacts/\(id)?properties=" + properties.joined(separator: ","))!)
        request.setValue("Bearer \(SandboxCredentials.hubSpotAccessToken)", forHTTPHeaderField: "Authorization")
        // The push before this read may have spent the portal's ten-second budget: a 429 waits and asks again.
        for _ in 0..<30 {
            let (data, response) = try await URLSession.shared.data(for: request)
            if (response as? HTTPURLResponse)?.statusCode == 429 {
                try await Task.sleep(for: .milliseconds(500))
                continue
            }
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            return (object["properties"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        }
        throw URLError(.timedOut)
    }

    /// Current remote values through the connection's sink, by key.
    func currentValues(_ connection: String, object: String, keys: [String], fields: [String]) async throws
        -> [String: [String: String]]
    {
        let connector = try ConnectorRegistry.standard(transport: PullFixtures.transport)
            .open(try config.connection(named: connection), callsUsedToday: 0, logger: PullFixtures.quiet)
        guard let sink = connector.sink else { return [:] }
        let values = try await sink.currentValues(object: object, keys: keys, fields: fields)
        return Dictionary(uniqueKeysWithValues: values.map { ($0.key, $0.fields) })
    }

    /// The mapping's remote field for a pushed value.
    func remoteField(_ connection: String, _ source: PushFieldRule.Source) throws -> String {
        let mapping = try FieldMapping.load(path: try config.connection(named: connection).mappingPath)
        return try #require(mapping.push.first { $0.source == source }).remoteField
    }

    /// Live records of a connection with their person's stored stage, by key.
    func stages(_ connection: String) throws -> [String: String] {
        try store.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT l.external_id, s.stage FROM source_links l JOIN scores s ON s.contact_id = l.contact_id
                WHERE l.system = ? AND l.deleted = 0
                """, arguments: [connection])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as String) })
        }
    }
}

func ceilDiv(_ value: Int, _ divisor: Int) -> Int { (value + divisor - 1) / divisor }

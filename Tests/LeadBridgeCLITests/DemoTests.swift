import Foundation
import GRDB
import LeadBridge
import LeadBridgeSandbox
import Testing

/// `leadbridge demo`, the README's first command: files, the API sandbox, pulls, scoring, in one run.
@Suite(.timeLimit(.minutes(3))) struct DemoTests {
    @Test func theDemoImportsPullsTwiceAndScoresWithoutPrintingSecrets() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("leadbridge-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // When the user runs the demo
        let outcome = try LeadBridgeBinary.run(
            ["demo", "--directory", folder.path, "--contacts", "300", "--activities-per-contact", "3"],
            environment: ["no_proxy": "127.0.0.1,localhost"], in: FileManager.default.temporaryDirectory)
        // Then it succeeds through every step
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        for step in ["== import ==", "== pull: HubSpot and Salesforce", "pulled hubspot", "pulled salesforce",
                     "== pull again", "== score", "== plan", "== push:", "pushed to hubspot", "== push again"] {
            #expect(outcome.stdout.contains(step), "\(step)")
        }
        // And the second pull of each connection changed nothing, the first stored HubSpot's and Salesforce's people
        let store = try DatabaseQueue(path: folder.appendingPathComponent("data/leadbridge.sqlite").path)
        let pulls = try store.read { db in
            try String.fetchAll(db, sql: "SELECT counts FROM runs WHERE command = 'pull' ORDER BY id")
        }
        #expect(pulls.count == 4)
        for counts in pulls.suffix(2) {
            let object = try #require(JSONText.decodeObject(counts))
            let changes = object.filter { $0.key.hasSuffix(".created") || $0.key.hasSuffix(".updated") }
            #expect(!changes.isEmpty)
            #expect(changes.values.allSatisfy { $0 == "0" }, "\(counts)")
        }
        // And the first push wrote scores back, the second nothing
        let pushes = try store.read { db in
            try String.fetchAll(db, sql: "SELECT counts FROM runs WHERE command = 'push' ORDER BY id")
        }
        let written = try pushes.map { try #require(JSONText.decodeObject($0))["records_written"] }
        #expect(written.count >= 2)
        #expect(Int(written.first??.description ?? "0") ?? 0 > 0, "\(pushes)")
        #expect(written.suffix(written.count / 2).allSatisfy { $0 == "0" }, "\(pushes)")
        let links = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT system) FROM source_links WHERE system IN ('hubspot', 'salesforce')")
        }
        #expect(links == 2)
        // And the sandbox's secrets stay out of the output and the config (which names the variables)
        for secret in [SandboxCredentials.hubSpotAccessToken, SandboxCredentials.salesforceClientSecret] {
            #expect(!outcome.stdout.contains(secret))
            #expect(!outcome.stderr.contains(secret))
        }
        let config = try String(contentsOf: folder.appendingPathComponent("config/leadbridge.yml"), encoding: .utf8)
        #expect(config.contains("token: ${HUBSPOT_TOKEN}"))
        #expect(!config.contains(SandboxCredentials.hubSpotAccessToken))
    }
}

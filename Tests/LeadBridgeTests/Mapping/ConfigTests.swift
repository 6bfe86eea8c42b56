import Foundation
import Testing
@testable import LeadBridge

@Suite struct ConfigTests {
    @Test func secretsComeFromTheEnvironmentAndNeverPrint() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("leadbridge.yml")
        try """
            connections:
              hubspot:
                kind: hubspot
                base_url: https://api.hubapi.com
                token: ${HUBSPOT_TOKEN}
                mapping: hubspot.yml
              salesforce:
                kind: salesforce
                base_url: https://login.salesforce.com
                client_secret: ${SF_SECRET}
                mapping: sf.yml
            """.write(toFile: path, atomically: true, encoding: .utf8)
        // Given one variable set and one not
        let config = try LeadBridgeConfig.load(path: path, environment: ["HUBSPOT_TOKEN": "s3cr3t-value"])
        let token = try #require(try config.connection(named: "hubspot").secret("token"))
        // Then the secret is there to send but prints redacted everywhere
        #expect(token.reveal() == "s3cr3t-value")
        #expect("\(token)" == "<redacted>")
        #expect(!"\(config)".contains("s3cr3t-value"))
        // And the missing one is an error naming the variable, its place, and what to do
        let salesforce = try config.connection(named: "salesforce")
        #expect(throws: ConfigurationError.self) { try salesforce.secret("client_secret") }
        #expect(salesforce.missingSecrets.first?.description.contains("leadbridge.yml:10:") == true)
        #expect(salesforce.missingSecrets.first?.message.contains("SF_SECRET is not set") == true)
    }

    @Test func relativeConfigPathsResolveAgainstTheConfigFolder() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("config"), withIntermediateDirectories: true)
        try "store: ../data/x.sqlite\n".write(toFile: directory.path("config/leadbridge.yml"), atomically: true,
            encoding: .utf8)
        // Given a relative config path, as the CLI's default `config/leadbridge.yml` (built from the working
        // directory without changing it: tests run in parallel)
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + directory.url.path.dropFirst() + "/config/leadbridge.yml"
        let config = try LeadBridgeConfig.load(path: relative, environment: [:])
        // Then `..` is taken from the config's folder, not from the file system root
        #expect(config.storePath.hasSuffix(directory.url.lastPathComponent + "/data/x.sqlite"), "\(config.storePath)")
    }

    @Test func literalCredentialsAndUnknownKeysAreRefused() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("leadbridge.yml")
        try """
            stor: x.sqlite
            connections:
              hubspot:
                kind: hubspot
                base_url: https://api.hubapi.com
                token: abc123
                mapping: hubspot.yml
              files:
                kind: ftp
                mapping: f.yml
            """.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try LeadBridgeConfig.load(path: path, environment: [:])
            Issue.record("expected errors")
        } catch {
            let text = error.description
            #expect(text.contains("leadbridge.yml:1:1: config: unknown key `stor` (did you mean `store`?)"), "\(text)")
            #expect(text.contains("leadbridge.yml:6:12: connections.hubspot.token: write credentials as ${ENV_VAR}"))
            #expect(text.contains("leadbridge.yml:9:11: connections.files.kind: `ftp` is not a connection kind"))
            #expect(!text.contains("abc123"))
        }
    }

    @Test func aSecondSLAInTheConfigIsAnErrorAtItsLine() throws {
        // Given a config that still sets sla_hours (the scoring model's handoff.sla_hours is the one place)
        let directory = TemporaryDirectory()
        let path = directory.path("leadbridge.yml")
        try """
            store: x.sqlite
            scoring: scoring.yml
            sla_hours: 48
            """.write(toFile: path, atomically: true, encoding: .utf8)
        // When it loads
        do {
            _ = try LeadBridgeConfig.load(path: path, environment: [:])
            Issue.record("expected an error")
        } catch {
            // Then the error names its line and says where the SLA goes instead
            let text = error.description
            #expect(text.contains("leadbridge.yml:3:1: sla_hours does not belong in the config"), "\(text)")
            #expect(text.contains("`handoff: { sla_hours: N }` in scoring.yml"), "\(text)")
        }
    }
}

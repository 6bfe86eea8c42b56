import Foundation
import Testing

/// Connection settings are typed and checked when the config loads: `check` reports a wrong value or an unknown
/// key at its file:line and exits 2, instead of a pull silently falling back to a default.
struct CheckSettingsTests {
    @Test func checkReportsAnInvalidLookbackAtItsLineAndExits2() throws {
        // Given a HubSpot connection whose lookback_minutes is not a number, and a misspelt setting
        let project = try TestProject()
        let config = """
            store: ../data/leadbridge.sqlite
            scoring: scoring.yml
            connections:
              hubspot:
                kind: hubspot
                base_url: http://127.0.0.1:9
                token: ${HUBSPOT_TOKEN}
                mapping: ../Mappings/hubspot.yml
                lookback_minutes: soon
                engagments: emails

            """
        _ = try project.write("config/leadbridge.yml", config)
        let path = "config/leadbridge.yml"
        let lines = config.split(separator: "\n", omittingEmptySubsequences: false)
        let lookbackLine = try #require(lines.firstIndex { $0.contains("lookback_minutes") }) + 1
        let typoLine = try #require(lines.firstIndex { $0.contains("engagments") }) + 1

        // When the user runs check
        let outcome = try LeadBridgeBinary.run(["check", "--offline"], environment: ["HUBSPOT_TOKEN": "pat-x"],
                                               in: project.root)

        // Then it exits 2, naming each problem at its file:line, with what is allowed
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        let problems = outcome.stderr.split(separator: "\n")
        let lookback = problems.first { $0.contains("connections.hubspot.lookback_minutes") }
        #expect(lookback?.contains("\(path):\(lookbackLine):") == true, "\(outcome.stderr)")
        #expect(lookback?.contains("`soon` must be a whole number of minutes, 0 to 10080") == true)
        let typo = problems.first { $0.contains("`engagments`") }
        #expect(typo?.contains("\(path):\(typoLine):") == true, "\(outcome.stderr)")
        #expect(typo?.contains("did you mean `engagements`") == true, "\(outcome.stderr)")
    }
}

extension CheckSettingsTests {
    @Test func checkReportsABadBulkThresholdAtItsLineAndExits2() throws {
        // Given a Salesforce connection whose bulk_threshold is not a number of records
        let project = try TestProject()
        let config = """
            store: ../data/leadbridge.sqlite
            scoring: scoring.yml
            connections:
              salesforce:
                kind: salesforce
                base_url: http://127.0.0.1:9
                client_id: ${SF_CLIENT_ID}
                client_secret: ${SF_CLIENT_SECRET}
                mapping: ../Mappings/salesforce.yml
                bulk_threshold: 10k

            """
        _ = try project.write("config/leadbridge.yml", config)
        let lines = config.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("bulk_threshold") }) + 1

        // When the user runs check
        let outcome = try LeadBridgeBinary.run(["check", "--offline"],
                                               environment: ["SF_CLIENT_ID": "id", "SF_CLIENT_SECRET": "secret"],
                                               in: project.root)

        // Then it exits 2 and names the setting at its file:line with the allowed range
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        let problem = outcome.stderr.split(separator: "\n")
            .first { $0.contains("connections.salesforce.bulk_threshold") }
        #expect(problem?.contains("config/leadbridge.yml:\(line):") == true, "\(outcome.stderr)")
        #expect(problem?.contains("`10k` must be a whole number of records, 1 to 150000000") == true,
                "\(outcome.stderr)")
    }
}

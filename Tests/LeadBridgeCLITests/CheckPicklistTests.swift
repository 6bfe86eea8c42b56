import Foundation
import LeadBridgeSandbox
import Testing

/// `check`, online, compares each value map with the remote picklist it reads: values a pull would reject are
/// warnings with the place of the `map:`, and the exit code stays 0.
@Suite(.timeLimit(.minutes(3))) struct CheckPicklistTests {
    static let environment = [
        "no_proxy": "127.0.0.1,localhost", "HUBSPOT_TOKEN": SandboxCredentials.hubSpotAccessToken,
        "SALESFORCE_CLIENT_ID": SandboxCredentials.salesforceClientID,
        "SALESFORCE_CLIENT_SECRET": SandboxCredentials.salesforceClientSecret,
    ]

    /// A Salesforce mapping whose stage map knows 2 of the org's 8 active stages.
    static let partialMapping = """
        object: Lead
        key: Id
        modified: { from: SystemModstamp, transform: [date] }
        fields:
          email: { from: Email, required: true }
          lifecycle_stage:
            from: Lifecycle_Stage__c
            map:
              Open: lead
              MQL: mql
          lead_source: LeadSource
        """

    @Test func checkWarnsAboutEachRemotePicklistValueAMapWithoutDefaultMisses() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 20, activitiesPerContact: 0)) { sandbox in
            // Given a Salesforce connection whose mapping maps Open and MQL only
            let project = try TestProject()
            _ = try project.write("Mappings/sf-partial.yml", Self.partialMapping + "\n")
            try Self.writeConfig(project, sandbox: sandbox, salesforceMapping: "sf-partial.yml")

            // When the user runs check (online)
            let outcome = try await Self.run(["check"], in: project)

            // Then each of the 6 other active stages is a warning at the `map:` line, and check still passes
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("everything checks out, with 6 warnings"), "\(outcome.stdout)")
            let warnings = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
            #expect(warnings.count == 6, "\(outcome.stderr)")
            let mapLine = Self.partialMapping.split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.hasPrefix("    map:") }.map { $0 + 1 }
            for stage in ["Sales Accepted", "Qualified", "Opportunity", "Customer", "Disqualified", "Recycled"] {
                let warning = warnings.first { $0.contains("`\(stage)`") }
                #expect(warning?.contains("Mappings/sf-partial.yml:\(mapLine ?? 0):") == true, "\(outcome.stderr)")
                #expect(warning?.contains("Lifecycle_Stage__c") == true)
            }
            #expect(!outcome.stderr.contains("Nurture"), "an inactive picklist value was reported")
        }
    }

    @Test func theShippedMappingsCoverEveryActivePicklistValueOfTheSandbox() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 20, activitiesPerContact: 0)) { sandbox in
            // Given the shipped HubSpot and Salesforce mappings (the org has a retired, inactive stage `Nurture`)
            let project = try TestProject()
            try Self.writeConfig(project, sandbox: sandbox, salesforceMapping: "salesforce.yml")

            // When the user runs check
            let outcome = try await Self.run(["check"], in: project)

            // Then nothing is missing: inactive values are not warned about
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("warning:"), "\(outcome.stderr)")
            #expect(outcome.stdout.contains("everything checks out\n"), "\(outcome.stdout)")
        }
    }

    static func writeConfig(_ project: TestProject, sandbox: RunningSandbox, salesforceMapping: String) throws {
        _ = try project.write("config/leadbridge.yml", """
            store: ../data/leadbridge.sqlite
            scoring: scoring.yml
            connections:
              hubspot:
                kind: hubspot
                base_url: \(sandbox.baseURL(for: .hubspot).absoluteString)
                token: ${HUBSPOT_TOKEN}
                mapping: ../Mappings/hubspot.yml
              salesforce:
                kind: salesforce
                base_url: \(sandbox.baseURL(for: .salesforce).absoluteString)
                client_id: ${SALESFORCE_CLIENT_ID}
                client_secret: ${SALESFORCE_CLIENT_SECRET}
                mapping: ../Mappings/\(salesforceMapping)

            """)
    }

    /// Runs the binary on a dispatch thread, so that the sandbox in this process keeps serving meanwhile.
    static func run(_ arguments: [String], in project: TestProject) async throws -> LeadBridgeBinary.Outcome {
        let root = project.root
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try LeadBridgeBinary.run(arguments, environment: environment, in: root)
                })
            }
        }
    }
}

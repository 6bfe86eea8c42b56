import Foundation
import LeadBridgeSandbox
import Testing

/// `check`, online, refuses a `push:` field that the remote lacks or describes as read-only, at the push entry's
/// file:line, with exit code 2; a push value map that writes a value the remote picklist lacks is a warning.
@Suite(.timeLimit(.minutes(3))) struct CheckPushFieldTests {
    /// The shipped HubSpot mapping with its push section replaced.
    static func hubSpotMapping(push: String) throws -> String {
        let shipped = try String(contentsOf: CheckPushFieldTests.root.appendingPathComponent("Mappings/hubspot.yml"),
                                 encoding: .utf8)
        let start = try #require(shipped.range(of: "\npush:\n"))
        let end = try #require(shipped.range(of: "\nactivities:", range: start.upperBound..<shipped.endIndex))
        return String(shipped[..<start.lowerBound]) + "\npush:\n" + push + String(shipped[end.lowerBound...])
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let salesforceMapping = """
        object: Lead
        key: Id
        modified: { from: SystemModstamp, transform: [date] }
        fields:
          email: { from: Email, required: true }
        push:
          lead_score: { to: Name }
          fit_score: { to: Lead_Scor__c }
          lifecycle_stage:
            to: Lifecycle_Stage__c
            map: { lead: Open, mql: Marketing Qualified }

        """

    @Test func checkRefusesHubSpotsCalculatedScoreAndAcceptsTheCustomProperty() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 20, activitiesPerContact: 0)) { sandbox in
            // Given a HubSpot mapping that pushes the score to hubspotscore
            let project = try TestProject()
            let push = "  lead_score:      { to: hubspotscore }\n"
            let text = try Self.hubSpotMapping(push: push)
            _ = try project.write("Mappings/hs-push.yml", text)
            try Self.writeConfig(project, sandbox: sandbox, hubspot: "hs-push.yml", salesforce: "salesforce.yml")

            // When the user runs check
            let refused = try await CheckPicklistTests.run(["check"], in: project)

            // Then it fails with exit 2, at the push entry's line, saying what to do instead
            let line = Self.line(of: "lead_score:      { to: hubspotscore }", in: text)
            #expect(refused.status == 2, "\(refused.stderr)")
            let problem = refused.stderr.split(separator: "\n").first { $0.contains("hubspotscore") }
            #expect(problem?.contains("Mappings/hs-push.yml:\(line):") == true, "\(refused.stderr)")
            #expect(problem?.contains("`hubspotscore` is read-only in HubSpot (HubSpot calculates it)") == true)
            #expect(problem?.contains("`leadbridge_score`") == true)

            // When the mapping pushes to the custom property instead, with a stage the portal does not have
            _ = try project.write("Mappings/hs-push.yml", try Self.hubSpotMapping(push: """
                  lead_score:      { to: leadbridge_score }
                  lifecycle_stage: { to: lifecyclestage, map: { lead: lead, mql: marketing_qualified_lead } }

                """))
            let accepted = try await CheckPicklistTests.run(["check"], in: project)

            // Then check passes, with a warning about the stage value
            #expect(accepted.status == 0, "\(accepted.stderr)")
            #expect(accepted.stdout.contains("hubspot: every push field exists remotely and is writable"),
                    "\(accepted.stdout)")
            let warnings = accepted.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
            #expect(warnings.count == 1, "\(accepted.stderr)")
            #expect(warnings.first?.contains("`marketing_qualified_lead`") == true)
            #expect(warnings.first?.contains("did you mean `marketingqualifiedlead`?") == true)
        }
    }

    @Test func checkRefusesASalesforceReadOnlyOrMissingPushField() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 20, activitiesPerContact: 0)) { sandbox in
            // Given a Salesforce mapping that pushes the score to Name (read-only) and the fit to a misspelt field
            let project = try TestProject()
            _ = try project.write("Mappings/sf-push.yml", Self.salesforceMapping)
            try Self.writeConfig(project, sandbox: sandbox, hubspot: "hubspot.yml", salesforce: "sf-push.yml")

            // When the user runs check
            let outcome = try await CheckPicklistTests.run(["check"], in: project)

            // Then both are problems at their entries' lines, naming both objects a push writes; exit 2
            #expect(outcome.status == 2, "\(outcome.stderr)")
            let lines = outcome.stderr.split(separator: "\n")
            let name = lines.first { $0.contains("`Name`") }
            let nameLine = Self.line(of: "lead_score: { to: Name }", in: Self.salesforceMapping)
            #expect(name?.contains("Mappings/sf-push.yml:\(nameLine):") == true, "\(outcome.stderr)")
            #expect(name?.contains("read-only on Salesforce Lead and Contact") == true, "\(outcome.stderr)")
            let missing = lines.first { $0.contains("`Lead_Scor__c`") }
            let missingLine = Self.line(of: "fit_score: { to: Lead_Scor__c }", in: Self.salesforceMapping)
            #expect(missing?.contains("Mappings/sf-push.yml:\(missingLine):") == true, "\(outcome.stderr)")
            #expect(missing?.contains("is not a field of Salesforce Lead and Contact") == true)
            #expect(missing?.contains("did you mean `Lead_Score__c`?") == true)
            // And the writable stage field is no problem, but its unknown value is one warning for both objects
            #expect(!lines.contains { !$0.hasPrefix("warning: ") && $0.contains("Lifecycle_Stage__c") },
                    "\(outcome.stderr)")
            let warnings = lines.filter { $0.hasPrefix("warning: ") }
            #expect(warnings.count == 1, "\(outcome.stderr)")
            #expect(warnings.first?.contains("`mql: Marketing Qualified`") == true)
            #expect(warnings.first?.contains("Salesforce Lead and Contact describes") == true)
            // And the HubSpot connection is fine
            #expect(outcome.stdout.contains("hubspot: every push field exists remotely and is writable"))
            #expect(outcome.stderr.contains("2 problems:"), "\(outcome.stderr)")
        }
    }

    @Test func checkWarnsAboutAStageDateTheRemoteLacksAndStillPasses() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 20, activitiesPerContact: 0)) { sandbox in
            // Given a Salesforce mapping that reads a stage date the org lacks, and a misspelt ordinary field
            let project = try TestProject()
            let dated = """
                object: Lead
                key: Id
                modified: { from: SystemModstamp, transform: [date] }
                fields:
                  email: { from: Email, required: true }
                  extra.stage_date.sal: Sales_Accepted_Date__c

                """
            _ = try project.write("Mappings/sf-dated.yml", dated)
            try Self.writeConfig(project, sandbox: sandbox, hubspot: "hubspot.yml", salesforce: "sf-dated.yml")

            // When the user runs check
            let outcome = try await CheckPicklistTests.run(["check"], in: project)

            // Then it passes with one warning at the stage date's line (the shipped HubSpot mapping's dates exist)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let warnings = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
            #expect(warnings.count == 1, "\(outcome.stderr)")
            let line = Self.line(of: "extra.stage_date.sal", in: dated)
            #expect(warnings.first?.contains("Mappings/sf-dated.yml:\(line):") == true, "\(outcome.stderr)")
            #expect(warnings.first?.contains("Sales_Accepted_Date__c") == true)

            // When an ordinary field is misspelt too
            _ = try project.write("Mappings/sf-dated.yml", dated + "  title: Titel\n")
            let refused = try await CheckPicklistTests.run(["check"], in: project)

            // Then that one is a problem (exit 2), and the stage date stays a warning
            #expect(refused.status == 2, "\(refused.stderr)")
            #expect(refused.stderr.contains("1 problem:"), "\(refused.stderr)")
            #expect(refused.stderr.contains("`Titel`"), "\(refused.stderr)")
        }
    }

    /// The 1-based line of the first line of `text` that contains `fragment`.
    static func line(of fragment: String, in text: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(fragment) } ?? -1) + 1
    }

    static func writeConfig(_ project: TestProject, sandbox: RunningSandbox, hubspot: String, salesforce: String)
        throws
    {
        _ = try project.write("config/leadbridge.yml", """
            store: ../data/leadbridge.sqlite
            scoring: scoring.yml
            connections:
              hubspot:
                kind: hubspot
                base_url: \(sandbox.baseURL(for: .hubspot).absoluteString)
                token: ${HUBSPOT_TOKEN}
                mapping: ../Mappings/\(hubspot)
              salesforce:
                kind: salesforce
                base_url: \(sandbox.baseURL(for: .salesforce).absoluteString)
                client_id: ${SALESFORCE_CLIENT_ID}
                client_secret: ${SALESFORCE_CLIENT_SECRET}
                mapping: ../Mappings/\(salesforce)

            """)
    }
}

import Foundation
import LeadBridgeSampleData
import Testing

/// The `leadbridge` executable as a user runs it: output, exit codes, and secrets that never show.
@Suite(.timeLimit(.minutes(3))) struct CommandLineTests {
    @Test func theExecutableIsBuiltBesideTheTests() {
        #expect(FileManager.default.isExecutableFile(atPath: LeadBridgeBinary.url.path), "\(LeadBridgeBinary.url.path)")
    }

    @Test func importPrintsCountsAndAReimportChangesNothing() throws {
        let project = try TestProject()
        let file = try project.generate(.genericContactsCSV, people: 0..<120)
        // When the user imports a file twice
        let first = try LeadBridgeBinary.run(["import", "csv_export", file], in: project.root)
        let second = try LeadBridgeBinary.run(["import", "csv_export", file], in: project.root)
        // Then both succeed; the first creates every record, the second changes nothing
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("created   120"), "\(first.stdout)")
        #expect(second.status == 0)
        #expect(second.stdout.contains("created   0"))
        #expect(second.stdout.contains("updated   0"))
        #expect(second.stdout.contains("unchanged 120"))
    }

    @Test func rejectsGiveExitCodeThreeAndTheirReasons() throws {
        let project = try TestProject()
        let header = "Contact ID,Email,First Name,Last Name,Job Title,Company,Website,Industry,Employees,Country,City,"
            + "Phone,Lead Source,Lifecycle Stage,Created Date,Last Modified Date"
        let file = try project.write("contacts.csv", header + "\n"
            + "C1,ada@example.com,Ada,L,CTO,Acme,acme.com,Software,250,UK,London,,Web,,2026-01-01,2026-01-02\n"
            + "C2,not-an-email,Bad,Row,CTO,Acme,acme.com,Software,250,UK,London,,Web,,2026-01-01,2026-01-02\n")
        let outcome = try LeadBridgeBinary.run(["import", "csv_export", file], in: project.root)
        #expect(outcome.status == 3, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("created   1"))
        #expect(outcome.stdout.contains("\(file):3 (id C2): field email (from Email): `not-an-email` is not an email"),
            "\(outcome.stdout)")
    }

    @Test func checkListsEveryProblemWithItsPlaceAndExitsTwo() throws {
        let project = try TestProject()
        // Given a mapping with two typos and a connection whose credential variable is not set
        try """
            object: Contact
            key: Contact ID
            fields:
              emial: Email
              first_name: { from: First Name, transform: [trim, lowercas] }
            """.write(toFile: project.path("Mappings/generic-csv.yml"), atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: project.path("config/leadbridge.yml"), encoding: .utf8)
        try (config + """

              crm:
                kind: hubspot
                base_url: https://api.hubapi.com
                token: ${LB_TEST_UNSET_TOKEN}
                mapping: ../Mappings/hubspot-export.yml
            """).write(toFile: project.path("config/leadbridge.yml"), atomically: true, encoding: .utf8)
        // When the user runs check
        let outcome = try LeadBridgeBinary.run(["check"], in: project.root)
        // Then it exits 2 and lists every problem with file:line:column and what to do, without a stack trace
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("3 problems:"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("generic-csv.yml:4:3: fields: `emial` is not a canonical field (did you mean `email`?)"))
        #expect(outcome.stderr.contains("generic-csv.yml:5:53: fields.first_name.transform: unknown transform `lowercas`"))
        #expect(outcome.stderr.contains("LB_TEST_UNSET_TOKEN is not set (connections.crm.token)"))
        #expect(!outcome.stderr.contains("Fatal error"))
    }

    @Test func aSecretNeverAppearsInOutput() throws {
        let project = try TestProject()
        let secret = "sentinel-secret-\(UUID().uuidString)"
        let config = try String(contentsOfFile: project.path("config/leadbridge.yml"), encoding: .utf8)
        try (config + """

              crm:
                kind: hubspot
                base_url: https://api.hubapi.com
                token: ${LB_TEST_TOKEN}
                mapping: ../Mappings/nope.yml
            """).write(toFile: project.path("config/leadbridge.yml"), atomically: true, encoding: .utf8)
        for arguments in [["check"], ["import", "crm", "missing.csv"], ["preview", "crm", "missing.csv", "--json"]] {
            let outcome = try LeadBridgeBinary.run(arguments, environment: ["LB_TEST_TOKEN": secret], in: project.root)
            #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
            #expect(!(outcome.stdout + outcome.stderr).contains(secret))
        }
    }

    @Test func previewShowsMappedValuesAsJSONAndWritesNothing() throws {
        let project = try TestProject()
        let file = try project.generate(.pardotProspectsXML, people: 0..<10)
        let outcome = try LeadBridgeBinary.run(["preview", "pardot_export", file, "--limit", "2", "--json"],
            in: project.root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["scanned"] as? Int == 10)
        #expect(json["accepted"] as? Int == 10)
        let records = try #require(json["records"] as? [[String: Any]])
        #expect(records.count == 2)
        let fields = try #require(records[0]["fields"] as? [[String: Any]])
        let email = try #require(fields.first { $0["field"] as? String == "email" })
        #expect(email["mapped_value"] as? String == project.generator.person(at: 0).email)
        #expect(try project.store.counts()["contacts"] == 0)
    }
}

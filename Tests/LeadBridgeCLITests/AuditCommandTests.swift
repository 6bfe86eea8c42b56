import Foundation
import Testing

/// `audit` and `check` as a user runs them: one SLA setting (the scoring model's), and where each time came from.
struct AuditCommandTests {
    @Test func auditTakesTheSLAFromTheScoringModel() throws {
        // Given the shipped project with the scoring model's handoff SLA changed to 8 h
        let project = try TestProject()
        let scoring = try String(contentsOfFile: project.path("config/scoring.yml"), encoding: .utf8)
        #expect(scoring.contains("handoff: { sla_hours: 24 }"))
        _ = try project.write(
            "config/scoring.yml", scoring.replacingOccurrences(of: "sla_hours: 24", with: "sla_hours: 8"))

        // When the user runs audit without --sla-hours
        let outcome = try LeadBridgeBinary.run(["audit", "--json"], in: project.root)

        // Then the audit measures against 8 h
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let handoff = json?["handoff"] as? [String: Any]
        #expect(handoff?["slaHours"] as? Double == 8, "\(outcome.stdout)")
    }

    @Test func checkRefusesASecondSLAInTheConfigAtItsLine() throws {
        // Given a config that still sets sla_hours on its line 3
        let project = try TestProject()
        _ = try project.write("config/leadbridge.yml", """
            store: ../data/leadbridge.sqlite
            scoring: scoring.yml
            sla_hours: 24

            """)

        // When the user runs check
        let outcome = try LeadBridgeBinary.run(["check", "--offline"], in: project.root)

        // Then it exits 2, naming the line and where the SLA belongs
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("config/leadbridge.yml:3:1: sla_hours does not belong in the config"),
                "\(outcome.stderr)")
        #expect(outcome.stderr.contains("scoring.yml"))
    }
}

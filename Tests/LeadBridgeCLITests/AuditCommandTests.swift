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

/// `audit --from/--to`: the review window, its default and its usage errors.
struct AuditWindowCommandTests {
    @Test func theDefaultWindowIsTheLastFullQuarterBeforeTheAsOfTime() throws {
        // Given the shipped project
        let project = try TestProject()
        // When the user audits as of 2026-11-01 without a window
        let outcome = try LeadBridgeBinary.run(["audit", "--json", "--as-of", "2026-11-01"], in: project.root)
        // Then the JSON states Q3 2026: 2026-07-01 through 2026-09-30, [1782864000, 1790812800)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let window = json?["window"] as? [String: Any]
        #expect(window?["from"] as? String == "2026-07-01", "\(outcome.stdout)")
        #expect(window?["to"] as? String == "2026-09-30")
        #expect(window?["start"] as? Int == 1_782_864_000 && window?["end"] as? Int == 1_790_812_800)
        #expect(window?["basis"] as? String == "last_full_quarter")

        // And the text output states a given window
        let text = try LeadBridgeBinary.run(["audit", "--from", "2026-01-01", "--to", "2026-03-31"], in: project.root)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Review window 2026-01-01 to 2026-03-31 (UTC, both days included): 0 scored"),
                "\(text.stdout)")
    }

    @Test(arguments: [
        (["--from", "2026-10-01", "--to", "2026-09-30"],
         "error: --from 2026-10-01 is after --to 2026-09-30: the window would be empty "
            + "(--to is the last day included)"),
        (["--from", "2026-07-01"], "error: give both --from and --to"),
        (["--from", "2026-07-01", "--to", "2026-09-31"],
         "error: --to must be a date like 2026-07-01 (YYYY-MM-DD, UTC), not `2026-09-31`"),
        (["--from", "1 July", "--to", "2026-09-30"], "error: --from must be a date like 2026-07-01"),
    ])
    func aWindowThatCannotBeIsAUsageError(arguments: [String], message: String) throws {
        // Given the shipped project; when the user gives a reversed, half or malformed window
        let project = try TestProject()
        let outcome = try LeadBridgeBinary.run(["audit"] + arguments, in: project.root)
        // Then it exits 2 with a message saying what is wrong, and prints no audit
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }
}

/// `check` compares fit rules on custom fields with the custom fields the connections' mappings write.
struct CheckCustomFieldTests {
    @Test func checkReportsAFitRuleOnACustomFieldNoMappingWrites() throws {
        // Given the shipped project with two fit rules on custom fields: one a shipped mapping writes
        // (extra.pardot_campaign) and one none does (extra.regoin)
        let project = try TestProject()
        let scoring = try String(contentsOfFile: project.path("config/scoring.yml"), encoding: .utf8)
        let edited = scoring.replacingOccurrences(of: "fit:\n", with: """
            fit:
              - { name: campaign, field: extra.pardot_campaign, matches: "(?i)webinar", points: 5 }
              - { name: region, field: extra.regoin, equals: emea, points: 5 }

            """)
        _ = try project.write("config/scoring.yml", edited)
        let line = try #require(edited.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("extra.regoin") }) + 1

        // When the user runs check
        let outcome = try LeadBridgeBinary.run(["check", "--offline"], in: project.root)

        // Then it exits 2 naming the rule's line; the mapped one is fine
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("scoring.yml:\(line)"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("`extra.regoin`, which no connection's mapping writes"))
        #expect(!outcome.stderr.contains("extra.pardot_campaign`, which"))
    }
}

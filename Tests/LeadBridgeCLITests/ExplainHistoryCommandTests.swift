import Foundation
import GRDB
import LeadBridge
import Testing

/// `score` reports the history it writes, and `explain --history` shows a contact's trajectory, as a user runs them.
@Suite(.timeLimit(.minutes(3))) struct ExplainHistoryCommandTests {
    /// A VP scores 20 (grade C); anyone else 0 (grade D).
    static let scoring = """
        fit:
          - { name: vp, field: title, matches: "(?i)\\\\bvp\\\\b", points: 20 }
        engagement:
          rules: []
        mql: { total: 60, min_fit: 20, min_engagement: 10 }
        grades: { A: 40, B: 25, C: 10 }

        """

    @Test func explainHistoryShowsTheTrajectoryAndWhatChanged() throws {
        try Self.trajectory()
    }

    static func trajectory() throws {
        // Given three imported analysts, scored as of 2026-10-01
        let project = try TestProject()
        _ = try project.importFile(
            try project.generate(.genericContactsCSV, people: 0..<3), connection: "csv_export")
        _ = try project.write("config/scoring.yml", scoring)
        let id = try project.store.writeForTesting { db in
            try db.execute(sql: "UPDATE contacts SET title = 'Analyst', lifecycle_stage = NULL")
            return try #require(try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM contacts"))
        }
        let first = try LeadBridgeBinary.run(["score", "--as-of", "2026-10-01"], in: project.root)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("History: 3 rows written (the store now holds 3)."), "\(first.stdout)")

        // When one becomes a VP, everyone is scored as of 2026-11-01, and the user asks for that one's history
        try project.store.writeForTesting { db in
            try db.execute(sql: "UPDATE contacts SET title = 'VP Sales' WHERE id = ?", arguments: [id])
        }
        let second = try LeadBridgeBinary.run(["score", "--as-of", "2026-11-01"], in: project.root)
        let text = try LeadBridgeBinary.run(["explain", String(id), "--history"], in: project.root)

        // Then the second scoring wrote one row, and the history lists both scores, oldest first, with the change
        #expect(second.stdout.contains("History: 1 row written (the store now holds 4)."), "\(second.stdout)")
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("score history, 2 row(s), oldest first") }, "\(text.stdout)")
        let header = try #require(lines.first { $0.hasPrefix("as of") })
        #expect(header.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            == "as of fit engagement total grade stage model what changed")
        let rows = lines.filter { $0.hasPrefix("2026-") }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        let model = String(try ScoringModel(yaml: scoring).hash.prefix(8))
        #expect(rows.count == 2)
        #expect(rows.first == ["2026-10-01T00:00:00Z", "0", "0", "0", "D", "lead", model, "first", "recorded"])
        #expect(rows.last.map { Array($0.prefix(7)) } == ["2026-11-01T00:00:00Z", "20", "0", "20", "C", "lead", model])
        #expect(rows.last.map { $0.dropFirst(7).joined(separator: " ") }
            == "grade D → C, total 0 → 20, fit 0 → 20")

        // And --json gives the same rows with their changes beside them
        let json = try LeadBridgeBinary.run(["explain", String(id), "--history", "--json"], in: project.root)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let steps = try #require(object?["steps"] as? [[String: Any]])
        #expect(steps.map { $0["asOf"] as? Int } == [1_790_812_800, 1_793_491_200])
        #expect(steps.map { $0["total"] as? Double } == [0, 20])
        let changes = steps.last?["changes"] as? [[String: String]]
        #expect(changes?.first == ["field": "grade", "from": "D", "to": "C"], "\(json.stdout)")
    }

    @Test func aContactWithoutHistoryAndMisuseSayWhatToDo() throws {
        // Given a project with one imported contact, never scored
        let project = try TestProject()
        _ = try project.importFile(
            try project.generate(.genericContactsCSV, people: 0..<1), connection: "csv_export")
        let id = try project.store.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM contacts") }

        // When the user asks for its history, for an unknown contact's, and with --as-of
        let none = try LeadBridgeBinary.run(["explain", String(id ?? 0), "--history"], in: project.root)
        let unknown = try LeadBridgeBinary.run(["explain", "nobody@example.com", "--history"], in: project.root)
        let misuse = try LeadBridgeBinary.run(
            ["explain", String(id ?? 0), "--history", "--as-of", "2026-11-01"], in: project.root)

        // Then the first says there is none yet and what to run; the unknown contact fails; --as-of is refused
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout.contains("no score history yet"), "\(none.stdout)")
        #expect(none.stdout.contains("run `leadbridge score`"))
        #expect(unknown.status == 1 && unknown.stderr.contains("no contact with email or id nobody@example.com"),
                "\(unknown.stderr)")
        #expect(misuse.status == 2 && misuse.stderr.contains("--history lists every stored change of the score"),
                "\(misuse.stderr)")
    }
}

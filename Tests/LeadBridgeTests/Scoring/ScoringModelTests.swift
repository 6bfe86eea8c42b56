import Foundation
import Testing

@testable import LeadBridge

@Suite struct ScoringModelTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test("the shipped config/scoring.yml and ScoringModel.defaultYAML are identical and valid")
    func shippedDefaultMatchesConstant() throws {
        // Given the shipped file
        let path = Self.repositoryRoot.appendingPathComponent("config/scoring.yml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Then the embedded constant is the same text, and both load
        #expect(text == ScoringModel.defaultYAML)
        let model = try ScoringModel.load(path: path)
        #expect(model == ScoringModel.default)
        #expect(model.fit.count == 10)
        #expect(model.engagement.halfLifeDays == 30)
        #expect(model.mql == MQLRule(total: 60, minFit: 20, minEngagement: 10))
    }

    @Test("the hash ignores comments, spacing and key order, and changes with any rule")
    func hashIsOfTheNormalizedModel() throws {
        // Given the same model written two ways, and one with a changed point value
        let compact = """
            fit: [ { field: title, matches: "x", points: 20 } ]
            engagement: { half_life_days: 30, rules: [ { activity: form_fill, points: 15 } ] }
            mql: { total: 60, min_fit: 20, min_engagement: 10 }
            grades: { A: 40, B: 25, C: 10 }
            """
        let spacious = """
            # a comment
            grades: { C: 10, B: 25, A: 40 }
            mql:   { min_engagement: 10, min_fit: 20.0, total: 60 }

            fit:
              - { points: 20, matches: "x", field: title }   # senior
            engagement:
              rules:
                - activity: form_fill
                  points: 15
              half_life_days: 30
            """
        let changed = compact.replacingOccurrences(of: "points: 15", with: "points: 16")
        // Then
        let hash = try ScoringModel(yaml: compact).hash
        #expect(try ScoringModel(yaml: spacious).hash == hash)
        #expect(try ScoringModel(yaml: changed).hash != hash)
        #expect(hash.count == 16)
    }

    @Test("a malformed scoring file reports every problem with its line")
    func malformedFileReportsEveryProblem() throws {
        // Given a file with nine problems on known lines
        let yaml = """
            fit:
              - { field: titel, matches: "x", points: 5 }
              - { field: employees, between: [5000, 200], points: 15 }
              - { field: title, matches: "(unclosed", points: 10 }
            engagement:
              half_life_days: -3
              rules:
                - { activity: page_veiw, points: 10 }
                - { activity: form_fill }
            mql: { total: 60, min_fit: 20 }
            grades: { A: 10, B: 25, C: 40 }
            colour: blue
            """
        // When it is loaded
        let error = try #require(throws: ScoringModelError.self) { try ScoringModel(yaml: yaml, file: "bad.yml") }
        // Then every problem is reported, each at its line
        #expect(error.code == .invalid)
        let lines = Set(error.problems.map(\.line))
        #expect(lines == [2, 3, 4, 6, 8, 9, 10, 11, 12])
        let unknownField = try #require(error.problems.first { $0.line == 2 })
        #expect(unknownField.column == 14)
        #expect(unknownField.message.contains("did you mean `title`"))
        #expect(error.problems.first { $0.line == 8 }?.message.contains("page_view") == true)
        #expect(error.description.contains("bad.yml:4:"))
    }

    @Test("broken YAML syntax is reported with its position", arguments: [
        ("fit: [ { field: title\nmql: 1", 2),
        ("fit:\n  - a\n b: c", 3),
    ])
    func syntaxError(yaml: String, line: Int) throws {
        let error = try #require(throws: ScoringModelError.self) { try ScoringModel(yaml: yaml) }
        #expect(error.code == .syntax)
        #expect(error.problems.first?.line == line)
    }

    @Test("a missing file is an unreadable-file error naming the path")
    func missingFile() throws {
        let error = try #require(throws: ScoringModelError.self) {
            try ScoringModel.load(path: "/nonexistent/scoring.yml")
        }
        #expect(error.code == .unreadable)
        #expect(error.description.hasPrefix("/nonexistent/scoring.yml:0:0:"))
    }

    @Test("grades come from fit thresholds A ≥ 40, B ≥ 25, C ≥ 10, else D", arguments: [
        (40.0, Grade.a), (39.99, .b), (25, .b), (24.5, .c), (10, .c), (9.99, .d), (-5, .d),
    ])
    func grades(fit: Double, grade: Grade) {
        #expect(GradeThresholds(a: 40, b: 25, c: 10).grade(fit: fit) == grade)
    }

    @Test("the MQL rule needs the total and the minimum fit and the minimum engagement", arguments: [
        (50.0, 10.0, true),  // total 60, fit 50 ≥ 20, engagement 10 ≥ 10
        (19, 50, false),  // total 69 but fit below 20: activity without fit is noise
        (60, 9, false),  // total 69 but engagement below 10
        (30, 29, false),  // fit and engagement fine, total 59 < 60
    ])
    func mqlRule(fit: Double, engagement: Double, qualifies: Bool) {
        let rule = MQLRule(total: 60, minFit: 20, minEngagement: 10)
        #expect(rule.qualifies(fit: fit, engagement: engagement, total: fit + engagement) == qualifies)
    }
}

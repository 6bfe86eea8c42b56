import GRDB
import Testing

@testable import LeadBridge

@Suite struct ScoringFitRuleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var rule: String
        var contact: [String: String]
        var employees: Int?
        var expected: Double
        var testDescription: String { "\(rule) with \(contact) \(employees.map { "employees \($0)" } ?? "")" }
    }

    static let cases: [Case] = [
        Case(rule: #"{ field: country, equals: "Germany", points: 5 }"#, contact: ["country": " germany "], expected: 5),
        Case(rule: #"{ field: country, equals: "Germany", points: 5 }"#, contact: ["country": "France"], expected: 0),
        Case(rule: "{ field: industry, in: [software, fintech], points: 10 }", contact: ["industry": "Software"],
             expected: 10),
        Case(rule: "{ field: industry, in: [software, fintech], points: 10 }", contact: ["industry": "Retail"],
             expected: 0),
        Case(rule: #"{ field: title, matches: "(?i)\\b(vp|director)\\b", points: 20 }"#,
             contact: ["title": "VP Engineering"], expected: 20),
        Case(rule: #"{ field: title, matches: "(?i)\\b(vp|director)\\b", points: 20 }"#,
             contact: ["title": "Developer Advocate"], expected: 0),
        Case(rule: "{ field: employees, between: [200, 5000], points: 15 }", contact: [:], employees: 200, expected: 15),
        Case(rule: "{ field: employees, between: [200, 5000], points: 15 }", contact: [:], employees: 5000, expected: 15),
        Case(rule: "{ field: employees, between: [200, 5000], points: 15 }", contact: [:], employees: 199, expected: 0),
        Case(rule: "{ field: employees, between: [200, 5000], points: 15 }", contact: [:], expected: 0),
        Case(rule: "{ field: email, domain_in: free_mail, points: -25 }", contact: ["email": "ann@gmail.com"],
             expected: -25),
        Case(rule: "{ field: email, domain_in: free_mail, points: -25 }", contact: ["email": "ann@acme.com"],
             expected: 0),
        Case(rule: "{ field: domain, domain_in: rivals, points: -50 }", contact: ["domain": "Rival.IO"],
             expected: -50),
        Case(rule: "{ field: phone, missing: true, points: -5 }", contact: [:], expected: -5),
        Case(rule: "{ field: phone, missing: true, points: -5 }", contact: ["phone": "   "], expected: -5),
        Case(rule: "{ field: phone, missing: true, points: -5 }", contact: ["phone": "+1 555"], expected: 0),
        Case(rule: "{ field: phone, missing: false, points: 3 }", contact: ["phone": "+1 555"], expected: 3),
    ]

    @Test("each fit rule kind adds its points exactly when its condition holds", arguments: cases)
    func fitRule(_ testCase: Case) throws {
        try ScoringTestStore.with { fixture in
            // Given a model with one fit rule and a contact
            let model = try ScoringTestStore.model(
                fit: "[\(testCase.rule)]", lists: "lists: { rivals: [rival.io] }")
            var values: [String: (any DatabaseValueConvertible)?] = [:]
            values["email"] = testCase.contact["email"] ?? "someone@example.com"
            for (key, value) in testCase.contact where key != "email" { values[key] = value }
            if let employees = testCase.employees { values["employees"] = employees }
            let id = try fixture.addContact(values)
            // When it is scored
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // Then its fit is the rule's points or nothing
            #expect(try fixture.stored(id)?.fit == testCase.expected)
        }
    }

    @Test("fit rules add up, negative points subtract, and grades come from fit")
    func fitRulesAddUp() throws {
        try ScoringTestStore.with { fixture in
            // Given a senior person at a mid-size software company using a free-mail address
            let model = try ScoringTestStore.model(fit: """
                [ { field: title, matches: "(?i)\\\\bvp\\\\b", points: 20 },
                  { field: employees, between: [200, 5000], points: 15 },
                  { field: industry, in: [software], points: 10 },
                  { field: email, domain_in: free_mail, points: -25 } ]
                """)
            let id = try fixture.addContact([
                "email": "vp@yahoo.com", "title": "VP Sales", "employees": 800, "industry": "software",
            ])
            // When scored
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // Then fit = 20 + 15 + 10 − 25 = 20, grade C (10 ≤ 20 < 25)
            let stored = try #require(try fixture.stored(id))
            #expect(stored.fit == 20)
            #expect(stored.grade == "C")
        }
    }
}

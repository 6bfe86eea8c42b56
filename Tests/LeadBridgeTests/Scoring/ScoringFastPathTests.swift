import Foundation
import GRDB
import Testing

@testable import LeadBridge

/// The scoring pass reads raw bytes, memoizes per distinct value and runs batches in parallel: these tests pin that
/// each of those shortcuts gives exactly what the plain engine gives.
@Suite struct ScoringFastPathTests {
    @Test("two-decimal scores are formatted exactly as ScoreEngine.format", arguments: [
        0.0, 1, -1, 0.5, -0.5, 0.05, -0.05, 0.1, 0.3, 12.37, 12.3, 99.99, 100, -30, 1e9 + 0.01, 123_456.78, 0.07,
    ])
    func scoreFormatting(value: Double) {
        // Given a value as round2 leaves it, When appended as bytes, Then the text is the formatter's
        let rounded = ScoreEngine.round2(value)
        var bytes: [UInt8] = []
        ExplanationText.append(score: rounded, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == ScoreEngine.format(rounded))
    }

    @Test("every hundredth up to ±2,000 and random two-decimal values format like ScoreEngine.format")
    func scoreFormattingSweep() {
        var generator = SystemRandomNumberGenerator()
        let sweep = (-200_000...200_000).map { Double($0) / 100 }
        let random = (0..<20_000).map { _ in
            Double(Int64.random(in: -1_000_000_000...1_000_000_000, using: &generator)) / 100
        }
        for value in sweep + random + [1e-3, 2.5e-5, 1e20, -0.0, .pi] {
            var bytes: [UInt8] = []
            ExplanationText.append(score: value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == ScoreEngine.format(value), "value \(value)")
        }
        var bytes: [UInt8] = []
        for value in [0, 7, -12, 1_234_567] { ExplanationText.append(value, to: &bytes); bytes.append(32) }
        #expect(String(decoding: bytes, as: UTF8.self) == "0 7 -12 1234567 ")
    }

    @Test("interned byte strings get dense, stable ids, across growth and after removeAll")
    func interning() {
        var interner = ByteInterner()
        let words = (0..<5_000).map { "https://www.example.com/page/\($0)" }
            + ["", "a", "é", "https://www.example.com/page/1"]
        var ids: [String: Int] = [:]
        for word in words {
            let (id, isNew) = Array(word.utf8).withUnsafeBytes { interner.intern($0) }
            #expect(isNew == (ids[word] == nil))
            if let known = ids[word] { #expect(id == known) } else { ids[word] = id }
        }
        #expect(interner.count == ids.count && Set(ids.values) == Set(0..<ids.count))
        interner.removeAll()
        #expect(Array("x".utf8).withUnsafeBytes { interner.intern($0) } == (0, true))
    }

    @Test("an email's domain key gives the same domain as the whole address, or none", arguments: [
        "ann@acme.com", "ANN@ACME.COM", "  ann@acme.com ", "a@b@gmail.com", "no-at-sign", "", "@gmail.com",
        "josé@acme.com", "zoë.müller@gmail.com", "ann@\u{301}gmail.com", "ann\u{600}@gmail.com", "ann@gmäil.com",
        "ann\u{0}x@gmail.com", "ann@gmail.com\t", "ann@ gmail.com",
    ])
    func domainKey(email: String) {
        let bytes = Array(email.utf8)
        bytes.withUnsafeBytes { buffer in
            guard let key = FitMemo.domainKey(buffer) else { return }
            // Given a key, Then the domain read from "@" + key's bytes is the domain of the whole address
            let keyText = String(decoding: key, as: UTF8.self)
            let whole = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)  // as String(cString:) reads it
            #expect(ScoreEngine.domain(of: keyText, isEmail: true) == ScoreEngine.domain(of: whole, isEmail: true))
        }
    }

    @Test("odd field values and activities: the stored score is the engine's (explain), and a re-score writes nothing")
    func oddValuesAgreeWithExplain() throws {
        try ScoringTestStore.with { fixture in
            // Given contacts whose values exercise case, blanks, non-ASCII, combining marks and numbers as text
            let model = try ScoringTestStore.model(
                fit: """
                    [ { field: title, matches: "(?i)\\\\bvp\\\\b", points: 20 },
                      { field: title, equals: "cto", points: 15 },
                      { field: industry, in: [software, "fin tech"], points: 10 },
                      { field: email, domain_in: free_mail, points: -25 },
                      { field: email, domain_in: competitors, points: -50 },
                      { field: domain, domain_in: competitors, points: -5 },
                      { field: company, missing: true, points: -10 },
                      { field: employees, between: [200, 5000], points: 15 },
                      { field: employees, equals: "42", points: 1.5 } ]
                    """,
                engagement: """
                    half_life_days: 30
                    cap: 100
                    rules:
                      - { name: pricing, activity: page_view, url_matches: "/pricing", points: 10, cap: 30 }
                      - { name: docs, activity: page_view, url_matches: "(?i)/DOCS", points: 2.5, within_days: 40 }
                      - { name: nurture, activity: email_open, campaign_matches: "^Q3", points: 1, cap: 5 }
                      - { name: guide, activity: form_fill, asset_matches: "Guide", points: 15 }
                      - { name: unsubscribe, activity: unsubscribe, points: -30 }
                    """,
                lists: "lists: { competitors: [rivalcrm.com] }")
            let people: [[String: (any DatabaseValueConvertible)?]] = [
                ["email": "ann@gmail.com", "title": " VP Sales ", "industry": "Software", "employees": 300],
                ["email": "BOB@RIVALCRM.COM", "title": "CTO ", "industry": "fin tech", "employees": 42],
                ["email": "zoë.müller@gmail.com", "title": "vp", "company": "  ", "employees": nil],
                ["email": "e\u{301}@\u{301}gmail.com", "title": "Directeur", "company": "Acme"],
                ["email": "x\u{600}@gmail.com", "title": "VP", "domain": " RivalCRM.com", "employees": "250"],
                ["email": "no-at-sign", "title": nil, "industry": "SOFTWARE", "company": "Acme", "employees": 5000],
                ["email": "a@b@yahoo.com", "title": "vpn admin", "employees": 199],
            ]
            let urls = ["https://x.com/pricing", "https://x.com/docs/api", "https://x.com/Docs", nil, "https://x.com/"]
            for (index, person) in people.enumerated() {
                let id = try fixture.addContact(person)
                for step in 0..<12 {
                    let day = Double((index * 7 + step * 11) % 90)
                    try fixture.addActivity(contact: id, type: "page_view", daysAgo: day, url: urls[(index + step) % 5])
                    if step % 3 == 0 {
                        try fixture.addActivity(
                            contact: id, type: "email_open", daysAgo: day + 1, campaign: step % 2 == 0 ? "Q3 x" : "Q4")
                        try fixture.addActivity(
                            contact: id, type: "form_fill", daysAgo: day / 2, asset: step % 2 == 0 ? "MQL Guide" : nil)
                    }
                }
                if index == 3 { try fixture.addActivity(contact: id, type: "unsubscribe", daysAgo: 2) }
                try fixture.addActivity(contact: id, type: "not_scored", daysAgo: 1)
                try fixture.addActivity(contact: id, type: "page_view", daysAgo: -3, url: "https://x.com/pricing")
            }
            // When scored
            let summary = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf, batchSize: 3)
            #expect(summary.contacts == people.count && summary.changed == people.count)
            // Then every stored score is the one explain computes with the plain engine
            for id in Int64(1)...Int64(people.count) {
                let explanation = try #require(
                    try fixture.store.explain(contact: String(id), model: model, asOf: ScoringTestStore.asOf))
                let stored = try #require(try fixture.stored(id))
                #expect(explanation.fit == stored.fit, "contact \(id)")
                #expect(explanation.engagement == stored.engagement, "contact \(id)")
                #expect(explanation.total == stored.total, "contact \(id)")
                #expect(explanation.grade.rawValue == stored.grade, "contact \(id)")
            }
            // And re-scoring writes nothing
            let again = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            #expect(again.changed == 0 && again.transitions == 0)
        }
    }

    @Test("a change seen only in the explanation (a capped rule's count) is written; nothing else is")
    func explanationOnlyChangeIsWritten() throws {
        try ScoringTestStore.with { fixture in
            // Given two contacts with 5 fresh email clicks each under a cap of 5 points, scored once
            let model = try ScoringTestStore.model(
                engagement: "rules: [ { name: clicks, activity: email_click, points: 3, cap: 5 } ]")
            let first = try fixture.addContact(["email": "ann@acme.com"])
            let second = try fixture.addContact(["email": "bob@acme.com"])
            for contact in [first, second] {
                for _ in 0..<5 { try fixture.addActivity(contact: contact, type: "email_click", daysAgo: 1) }
            }
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // When one of them clicks once more (still 5 points: only the count in the explanation changes)
            try fixture.addActivity(contact: second, type: "email_click", daysAgo: 1)
            let again = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // Then exactly that contact's score row is rewritten, with the new count
            #expect(again.changed == 1 && again.transitions == 0)
            let explanation = try fixture.store.read {
                try String.fetchOne($0, sql: "SELECT explanation FROM scores WHERE contact_id = ?", arguments: [second])
            }
            #expect(explanation == #"{"fit":{},"engagement":{"clicks":[6,5]}}"#)
            #expect(try fixture.store.score(model: model, asOf: ScoringTestStore.asOf).changed == 0)
        }
    }

    @Test("the batches read in parallel and the batch size do not change scores, transitions or the summary")
    func parallelismDoesNotChangeResults() throws {
        let model = ScoringModel.default
        let outcomes = try [(1, 10_000), (1, 5), (2, 7), (4, 3)].map { batchesPerWave, batchSize in
            try ScoringTestStore.with { fixture in
                try ScoringPassTests.seed(fixture, people: 120)
                let pass = ScoringPass(
                    model: model, asOf: ScoringTestStore.asOf, batchSize: batchSize, batchesPerWave: batchesPerWave)
                let summary = try pass.run(fixture.store)
                return (summary, try fixture.dump())
            }
        }
        for outcome in outcomes.dropFirst() {
            #expect(outcome.0 == outcomes[0].0)
            #expect(outcome.1 == outcomes[0].1)
        }
    }
}

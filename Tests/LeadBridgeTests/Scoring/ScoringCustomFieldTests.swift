import Testing

@testable import LeadBridge

/// Fit rules may test custom fields (`extra.<name>`), which the engine reads from `contacts.extra`.
@Suite struct ScoringCustomFieldTests {
    static func model() throws -> ScoringModel {
        try ScoringTestStore.model(fit: """
            [
              { name: emea, field: extra.region, equals: EMEA, points: 10 },
              { name: seats, field: extra.seats, between: [100, 500], points: 5 },
              { name: vp, field: title, matches: "(?i)vp", points: 20 }
            ]
            """)
    }

    @Test("a fit rule on a custom field scores, and explain agrees")
    func scoresOnCustomFields() throws {
        try ScoringTestStore.with { fixture in
            // Given a VP in emea with 250 seats, one in apac with 50, and one with no custom fields
            let both = try fixture.addContact(
                ["email": "a@acme.com", "title": "VP", "extra": #"{"region":"emea","seats":"250"}"#])
            let neither = try fixture.addContact(
                ["email": "b@acme.com", "title": "VP", "extra": #"{"region":"apac","seats":"50"}"#])
            let none = try fixture.addContact(["email": "c@acme.com", "title": "VP"])
            let model = try Self.model()
            // When scored
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // Then 20 + 10 (region, case-insensitive) + 5 (250 within 100–500) = 35; 20; 20
            #expect(try fixture.stored(both)?.fit == 35)
            #expect(try fixture.stored(neither)?.fit == 20)
            #expect(try fixture.stored(none)?.fit == 20)
            let x = try #require(try fixture.store.explain(contact: "a@acme.com", model: model, asOf: nil))
            #expect(x.fit == 35 && x.agreesWithStored == true)
            #expect(x.fitRules.map(\.value) == ["emea", "250", "VP"])
            #expect(x.fitRules.map(\.fired) == [true, true, true])
            #expect(x.fitRules.first?.rule == "extra.region equals \"EMEA\"")
        }
    }

    @Test("custom field rules are part of the model hash; unknown plain fields are still refused")
    func parsing() throws {
        let model = try Self.model()
        #expect(model.fit.first?.field == .extra("region"))
        #expect(model.normalizedText.contains("fit \"emea\" extra.region equals \"emea\" 10"))
        #expect(throws: ScoringModelError.self) {
            _ = try ScoringTestStore.model(fit: "[ { field: regoin, equals: x, points: 1 } ]")
        }
        // Which mappings write the field: `check` reports a rule on a field none writes
        let unmapped = model.unmappedCustomFieldRules(produced: ["region", "hubspot_score"])
        #expect(unmapped.map(\.rule.id) == ["seats"])
        #expect(unmapped.first?.message.contains("no connection's mapping writes") == true)
    }
}

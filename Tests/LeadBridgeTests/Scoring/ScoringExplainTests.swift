import Testing

@testable import LeadBridge

/// `explain` without an as-of time explains the stored score; with one it recomputes, and says which it did.
@Suite struct ScoringExplainTests {
    static func model() throws -> ScoringModel {
        try ScoringTestStore.model(
            fit: #"[ { field: title, matches: "(?i)vp", points: 30 } ]"#,
            engagement: "half_life_days: 30\nrules: [ { activity: demo_request, points: 40 } ]")
    }

    @Test("explain without as-of agrees with the stored score; with as-of it recomputes")
    func storedByDefault() throws {
        try ScoringTestStore.with { fixture in
            // Given a VP (fit 30) with a demo request on the scoring day (engagement 40): total 70, an MQL
            let model = try Self.model()
            let asOf = ScoringTestStore.asOf
            let id = try fixture.addContact(["email": "vp@acme.com", "title": "VP", "company": "Acme"])
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 0)
            _ = try fixture.store.score(model: model, asOf: asOf)
            let later = asOf + 60 * ScoringTestStore.day

            // When it is explained 60 days later without an as-of time
            let stored = try #require(
                try fixture.store.explain(contact: "vp@acme.com", model: model, asOf: nil, now: later))
            // Then it is the stored score: as of the scoring day, 30 + 40 = 70, an MQL, the same model
            #expect(stored.basis == .storedScore)
            #expect(stored.asOf == asOf && stored.modelHash == model.hash)
            #expect(stored.fit == 30 && stored.engagement == 40 && stored.total == 70)
            #expect(stored.stage.stage == .mql && stored.agreesWithStored == true)

            // When it is recomputed for 60 days later (two half-lives: 40 × 1/4 = 10, total 40)
            let recomputed = try #require(
                try fixture.store.explain(contact: "vp@acme.com", model: model, asOf: later))
            // Then it says so, and that it differs from the stored score
            #expect(recomputed.basis == .recomputed && recomputed.asOf == later)
            #expect(recomputed.engagement == 10 && recomputed.total == 40)
            #expect(recomputed.stage.stage == .lead && recomputed.agreesWithStored == false)
        }
    }

    @Test("the stored score no longer agrees once the data changed before its as-of time")
    func storedScoreWithChangedData() throws {
        try ScoringTestStore.with { fixture in
            // Given a stored score, and then a demo request (before its as-of time) pulled after the scoring
            let model = try Self.model()
            let id = try fixture.addContact(["email": "vp@acme.com", "title": "VP", "company": "Acme"])
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 0)
            // When the stored score is explained
            let x = try #require(try fixture.store.explain(contact: String(id), model: model, asOf: nil))
            // Then the evaluation (70) is flagged as not the stored one (30)
            #expect(x.basis == .storedScore && x.stored?.total == 30 && x.total == 70)
            #expect(x.agreesWithStored == false)
        }
    }

    @Test("a contact never scored is recomputed as of now")
    func neverScored() throws {
        try ScoringTestStore.with { fixture in
            let model = try Self.model()
            _ = try fixture.addContact(["email": "vp@acme.com", "title": "VP"])
            let x = try #require(
                try fixture.store.explain(contact: "vp@acme.com", model: model, asOf: nil, now: 1_000))
            #expect(x.basis == .recomputed && x.asOf == 1_000 && x.agreesWithStored == nil)
        }
    }
}

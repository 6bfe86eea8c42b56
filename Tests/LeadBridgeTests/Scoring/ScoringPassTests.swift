import Foundation
import LeadBridgeSampleData
import Testing

@testable import LeadBridge

@Suite struct ScoringPassTests {
    /// Fills a store with generated people and activities (industry labels lower-cased, as a mapping would).
    static func seed(_ fixture: ScoringTestStore, people: Int) throws {
        let generator = SampleDataGenerator(seed: 7)
        for index in 0..<people {
            let person = generator.person(at: index)
            let id = try fixture.addContact([
                "email": person.email, "title": person.title, "company": person.company, "domain": person.domain,
                "industry": person.industry.lowercased(), "employees": person.employees,
                "lifecycle_stage": person.inCRM ? person.crmStage.rawValue : nil,
            ])
            for activity in generator.activities(forPerson: index, count: index % 25) {
                try fixture.addActivity(
                    contact: id, type: activity.kind.rawValue,
                    daysAgo: (SampleDataGenerator.defaultNow.timeIntervalSince1970
                        - activity.occurredAt.timeIntervalSince1970) / 86_400,
                    url: activity.url, campaign: activity.campaign, asset: activity.asset)
            }
        }
    }

    @Test("scoring is deterministic, and re-scoring with no new data changes nothing")
    func deterministicAndIdempotent() throws {
        let model = ScoringModel.default
        // Given two stores with the same data
        let (firstDump, firstSummary, secondDump, rescore, afterRescore) = try ScoringTestStore.with { one in
            try ScoringTestStore.with { two in
                try Self.seed(one, people: 150)
                try Self.seed(two, people: 150)
                // When both are scored (in different batch sizes) as of the same time
                let summary = try one.store.score(model: model, asOf: ScoringTestStore.asOf)
                _ = try two.store.score(model: model, asOf: ScoringTestStore.asOf, batchSize: 7)
                let dumpOne = try one.dump()
                // And the first is scored again
                let rescore = try one.store.score(model: model, asOf: ScoringTestStore.asOf)
                return (dumpOne, summary, try two.dump(), rescore, try one.dump())
            }
        }
        // Then both stores hold identical scores and transitions
        #expect(firstDump == secondDump)
        #expect(firstSummary.contacts == 150 && firstSummary.changed == 150 && firstSummary.firstScored == 150)
        // And the re-score wrote nothing, recorded nothing and reports nothing new
        #expect(rescore.changed == 0)
        #expect(rescore.transitions == 0)
        #expect(rescore.newMQLs == 0 && rescore.lostMQLs == 0)
        #expect(rescore.mqlCount == firstSummary.mqlCount)
        #expect(afterRescore == firstDump)
    }

    @Test("explain agrees with the stored score for every contact")
    func explainAgreesWithScore() throws {
        try ScoringTestStore.with { fixture in
            // Given generated data scored with the default model
            try Self.seed(fixture, people: 80)
            let model = ScoringModel.default
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // When each contact is explained
            for id in Int64(1)...80 {
                let explanation = try #require(
                    try fixture.store.explain(contact: String(id), model: model, asOf: ScoringTestStore.asOf))
                let stored = try #require(try fixture.stored(id))
                // Then its numbers and stage are the stored ones
                #expect(explanation.fit == stored.fit)
                #expect(explanation.engagement == stored.engagement)
                #expect(explanation.total == stored.total)
                #expect(explanation.stage.stage.rawValue == stored.stage)
                #expect(explanation.modelHash == stored.hash)
                let firedPoints = explanation.fitRules.filter(\.fired).map(\.points).reduce(0, +)
                #expect(abs(firedPoints - stored.fit) < 0.001)
            }
        }
    }

    @Test("explain finds a contact by email in any case and lists decay and caps")
    func explainByEmail() throws {
        try ScoringTestStore.with { fixture in
            // Given 5 email clicks 30 days old (3 × 0.5 = 1.5 each, 7.5 in all) under a cap of 5
            let model = try ScoringTestStore.model(
                engagement: "half_life_days: 30\nrules: [ { name: clicks, activity: email_click, points: 3, cap: 5 } ]")
            let id = try fixture.addContact(["email": "ann@acme.com"])
            for _ in 0..<5 { try fixture.addActivity(contact: id, type: "email_click", daysAgo: 30) }
            // When explained
            let explanation = try #require(
                try fixture.store.explain(contact: " ANN@acme.com", model: model, asOf: ScoringTestStore.asOf))
            // Then
            let rule = try #require(explanation.engagementRules.first)
            #expect(rule.id == "clicks" && rule.matched == 5 && rule.rawPoints == 15)
            #expect(abs(rule.decayedPoints - 7.5) < 1e-9)
            #expect(rule.points == 5 && rule.capApplied)
            #expect(rule.activities.allSatisfy { abs($0.decayFactor - 0.5) < 1e-9 })
            #expect(explanation.engagement == 5)
            #expect(try fixture.store.explain(contact: "nobody@acme.com", model: model, asOf: 0) == nil)
        }
    }

    @Test("decay over time loses an MQL; the summary reports it and the model hash is stored")
    func lostMQL() throws {
        try ScoringTestStore.with { fixture in
            // Given an MQL on a fresh demo request (fit 20 + engagement 40)
            let model = try ScoringTestStore.model(
                fit: #"[ { field: title, matches: "(?i)vp", points: 20 } ]"#,
                engagement: "half_life_days: 30\nrules: [ { activity: demo_request, points: 40 } ]")
            let id = try fixture.addContact(["email": "vp@acme.com", "title": "VP"])
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 0)
            let first = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            #expect(first.newMQLs == 1 && first.mqlCount == 1)
            // When scored 30 days later: engagement 40 × 0.5 = 20, total 40 < 60
            let later = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf + 30 * ScoringTestStore.day)
            // Then the MQL is lost
            #expect(later.lostMQLs == 1 && later.mqlCount == 0 && later.changed == 1)
            #expect(later.lostMQLSample == [ScoredContactRef(id: id, email: "vp@acme.com")])
            let stored = try #require(try fixture.stored(id))
            #expect(stored.engagement == 20 && stored.total == 40 && stored.stage == "lead")
            #expect(stored.hash == model.hash)
        }
    }
}

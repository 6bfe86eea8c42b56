import Testing

@testable import LeadBridge

@Suite struct ScoringStageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var crm: LifecycleStage?
        var previous: LifecycleStage?
        var qualifies: Bool
        var stage: LifecycleStage
        var reason: StageReason
        var testDescription: String {
            "crm \(crm?.rawValue ?? "nil"), previous \(previous?.rawValue ?? "nil"), qualifies \(qualifies)"
        }
    }

    static let cases: [Case] = [
        Case(crm: nil, previous: nil, qualifies: true, stage: .mql, reason: .qualified),
        Case(crm: nil, previous: nil, qualifies: false, stage: .lead, reason: .notQualified),
        Case(crm: .lead, previous: .mql, qualifies: false, stage: .lead, reason: .notQualified),
        Case(crm: .mql, previous: .mql, qualifies: false, stage: .lead, reason: .notQualified),
        Case(crm: .sal, previous: .mql, qualifies: false, stage: .sal, reason: .setBySales),
        Case(crm: .sql, previous: nil, qualifies: true, stage: .sql, reason: .setBySales),
        Case(crm: .customer, previous: .opportunity, qualifies: false, stage: .customer, reason: .setBySales),
        Case(crm: .lead, previous: .sal, qualifies: true, stage: .sal, reason: .salesStageKept),
        Case(crm: .mql, previous: .opportunity, qualifies: false, stage: .opportunity, reason: .salesStageKept),
        Case(crm: .disqualified, previous: .mql, qualifies: true, stage: .disqualified, reason: .disqualifiedBySales),
        Case(crm: .recycled, previous: .sal, qualifies: true, stage: .mql, reason: .recycledRequalified),
        Case(crm: .recycled, previous: .mql, qualifies: false, stage: .recycled, reason: .recycled),
    ]

    @Test("stage decisions: derive lead/mql, keep and never demote sales stages, re-qualify recycled", arguments: cases)
    func decide(_ testCase: Case) {
        let decision = StagePolicy.decide(
            crmStage: testCase.crm, previous: testCase.previous, qualifies: testCase.qualifies)
        #expect(decision == StageDecision(stage: testCase.stage, reason: testCase.reason))
    }

    @Test("the funnel is ordered lead < mql < sal < sql < opportunity < customer")
    func funnelOrder() {
        let funnel: [LifecycleStage] = [.lead, .mql, .sal, .sql, .opportunity, .customer]
        #expect(funnel.sorted() == funnel)
        #expect(funnel.filter(\.isSalesOwned) == [.sal, .sql, .opportunity, .customer])
    }

    @Test("through the store: MQL, handed to sales, never demoted, recorded with times and reasons")
    func transitionsAreRecorded() throws {
        try ScoringTestStore.with { fixture in
            // Given a senior contact (fit 20) with a recent demo request (engagement 40): total 60, an MQL
            let model = try ScoringTestStore.model(
                fit: #"[ { field: title, matches: "(?i)vp", points: 20 } ]"#,
                engagement: "rules: [ { activity: demo_request, points: 40 } ]")
            let id = try fixture.addContact(["email": "vp@acme.com", "title": "VP Ops"])
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 1)
            let asOf = ScoringTestStore.asOf
            // When scored
            let first = try fixture.store.score(model: model, asOf: asOf)
            // Then it is a new MQL
            #expect(first.newMQLs == 1)
            #expect(try fixture.stored(id)?.stage == "mql")

            // When sales accepts it in the CRM an hour later and scoring runs two hours later
            try fixture.setCRMStage(id, "sal", updatedAt: asOf + 3_600)
            let second = try fixture.store.score(model: model, asOf: asOf + 7_200)
            // Then the stage is sal, counted as handed off (not lost), with the CRM change time
            #expect(try fixture.stored(id)?.stage == "sal")
            #expect(second.handedOff == 1 && second.lostMQLs == 0)

            // When the CRM field later reads "lead" again (e.g. overwritten by marketing automation)
            try fixture.setCRMStage(id, "lead", updatedAt: asOf + 10_000)
            let third = try fixture.store.score(model: model, asOf: asOf + 20_000)
            // Then the sales stage is kept, and nothing is recorded
            #expect(try fixture.stored(id)?.stage == "sal")
            #expect(third.transitions == 0)

            let transitions = try fixture.store.stageTransitions(contactID: id)
            #expect(transitions.map(\.to) == [.mql, .sal])
            #expect(transitions.map(\.from) == [nil, .mql])
            #expect(transitions.map(\.at) == [asOf, asOf + 3_600])
            #expect(transitions.map(\.reason) == [.qualified, .setBySales])
            #expect(transitions.first?.total == 60)
        }
    }

    @Test("through the store: a recycled lead re-qualifies as MQL, a disqualified one does not")
    func recycledRequalifies() throws {
        try ScoringTestStore.with { fixture in
            // Given two qualifying contacts, one recycled and one disqualified by sales
            let model = try ScoringTestStore.model(
                fit: #"[ { field: title, matches: "(?i)vp", points: 30 } ]"#,
                engagement: "rules: [ { activity: demo_request, points: 40 } ]")
            let recycled = try fixture.addContact(["email": "r@acme.com", "title": "VP", "lifecycle_stage": "recycled"])
            let disqualified = try fixture.addContact([
                "email": "d@acme.com", "title": "VP", "lifecycle_stage": "disqualified",
            ])
            for id in [recycled, disqualified] {
                try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 2)
            }
            // When scored
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // Then
            #expect(try fixture.stored(recycled)?.stage == "mql")
            #expect(try fixture.stored(disqualified)?.stage == "disqualified")
            #expect(try fixture.store.stageTransitions(contactID: recycled).last?.reason == .recycledRequalified)
        }
    }
}

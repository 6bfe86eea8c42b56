import Testing

@testable import LeadBridge

@Suite struct ScoringEngagementTests {
    struct Activity: Sendable {
        var type: String
        var daysAgo: Double
        var url: String? = nil
        var campaign: String? = nil
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var engagement: String
        var activities: [Activity]
        var expected: Double
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no decay: 3 form fills × 15 = 45",
             engagement: "rules: [ { activity: form_fill, points: 15 } ]",
             activities: [.init(type: "form_fill", daysAgo: 1), .init(type: "form_fill", daysAgo: 50),
                          .init(type: "form_fill", daysAgo: 100)],
             expected: 45),
        Case(name: "half-life 30: a demo request 30 days old counts 40 × 0.5 = 20",
             engagement: "half_life_days: 30\nrules: [ { activity: demo_request, points: 40 } ]",
             activities: [.init(type: "demo_request", daysAgo: 30)], expected: 20),
        Case(name: "half-life 30: 60 days old counts 40 × 0.25 = 10; 15 days 40 × 0.7071 = 28.28; sum 38.28",
             engagement: "half_life_days: 30\nrules: [ { activity: demo_request, points: 40 } ]",
             activities: [.init(type: "demo_request", daysAgo: 60), .init(type: "demo_request", daysAgo: 15)],
             expected: 38.28),
        Case(name: "per-rule cap: 5 clicks × 3 = 15 capped at 10",
             engagement: "rules: [ { activity: email_click, points: 3, cap: 10 } ]",
             activities: (1...5).map { .init(type: "email_click", daysAgo: Double($0)) }, expected: 10),
        Case(name: "total cap: two demos 40 + 40 = 80 capped at 50",
             engagement: "cap: 50\nrules: [ { activity: demo_request, points: 40 } ]",
             activities: [.init(type: "demo_request", daysAgo: 1), .init(type: "demo_request", daysAgo: 2)],
             expected: 50),
        Case(name: "floor at zero: an unsubscribe alone (−30) gives 0, not −30",
             engagement: "rules: [ { activity: unsubscribe, points: -30 } ]",
             activities: [.init(type: "unsubscribe", daysAgo: 1)], expected: 0),
        Case(name: "negative points subtract and a cap bounds them: 2 demos 80, 2 unsubscribes −60 capped −40 → 40",
             engagement: """
                rules: [ { activity: demo_request, points: 40 }, { activity: unsubscribe, points: -30, cap: 40 } ]
                """,
             activities: [.init(type: "demo_request", daysAgo: 1), .init(type: "demo_request", daysAgo: 2),
                          .init(type: "unsubscribe", daysAgo: 3), .init(type: "unsubscribe", daysAgo: 4)],
             expected: 40),
        Case(name: "within_days 30: a click 10 days old counts 3, one 40 days old does not",
             engagement: "rules: [ { activity: email_click, points: 3, within_days: 30 } ]",
             activities: [.init(type: "email_click", daysAgo: 10), .init(type: "email_click", daysAgo: 40)],
             expected: 3),
        Case(name: "url_matches: /pricing counts 10, /blog does not",
             engagement: #"rules: [ { activity: page_view, url_matches: "/pricing", points: 10 } ]"#,
             activities: [.init(type: "page_view", daysAgo: 1, url: "https://x.com/pricing/enterprise"),
                          .init(type: "page_view", daysAgo: 1, url: "https://x.com/blog"),
                          .init(type: "page_view", daysAgo: 1)],
             expected: 10),
        Case(name: "campaign_matches: Q3 counts 5, others not",
             engagement: #"rules: [ { activity: email_open, campaign_matches: "^Q3", points: 5 } ]"#,
             activities: [.init(type: "email_open", daysAgo: 1, campaign: "Q3 Nurture"),
                          .init(type: "email_open", daysAgo: 1, campaign: "Launch Q3")],
             expected: 5),
        Case(name: "activities after the as-of time are ignored; other types score nothing",
             engagement: "rules: [ { activity: form_fill, points: 15 } ]",
             activities: [.init(type: "form_fill", daysAgo: -1), .init(type: "page_view", daysAgo: 1)],
             expected: 0),
        Case(name: "two rules on one type both fire",
             engagement: #"rules: [ { activity: page_view, points: 1 }, { activity: page_view, url_matches: "/pricing", points: 10 } ]"#,
             activities: [.init(type: "page_view", daysAgo: 1, url: "/pricing")], expected: 11),
    ]

    @Test("engagement: decay, caps, floor, recency and patterns", arguments: cases)
    func engagement(_ testCase: Case) throws {
        try ScoringTestStore.with { fixture in
            // Given a contact with these activities
            let model = try ScoringTestStore.model(engagement: testCase.engagement)
            let id = try fixture.addContact(["email": "e@acme.com"])
            for activity in testCase.activities {
                try fixture.addActivity(
                    contact: id, type: activity.type, daysAgo: activity.daysAgo, url: activity.url,
                    campaign: activity.campaign)
            }
            // When scored as of the fixed time
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // Then the engagement is the hand-computed value
            #expect(try fixture.stored(id)?.engagement == testCase.expected)
        }
    }

    @Test("the decay factor is 0.5^(age_days / half_life_days)", arguments: [
        (0.0, 1.0), (30.0, 0.5), (60.0, 0.25), (90.0, 0.125),
    ])
    func decayFactor(ageDays: Double, factor: Double) {
        let model = EngagementModel(halfLifeDays: 30, cap: nil, rules: [])
        #expect(abs(model.decayFactor(ageSeconds: Int64(ageDays * 86_400)) - factor) < 1e-12)
    }
}

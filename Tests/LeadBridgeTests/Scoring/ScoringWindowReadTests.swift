import Testing

@testable import LeadBridge

/// A pass reads no record that every rule of its type has aged out of (`within_days`): the scores are the same,
/// and the records read say so.
@Suite struct ScoringWindowReadTests {
    static let asOf = ScoringTestStore.asOf
    static let day = ScoringTestStore.day

    @Test("a record past every window of its type is not read; at the window's edge it counts; a type with a rule without a window is read in full")
    func windowEdge() throws {
        try ScoringTestStore.with { fixture in
            // Given clicks worth 3 within 30 days; opens worth 1 within 10 days, or 2 for a Q3 campaign at any
            // age; page views worth 1 (no decay)
            let model = try ScoringTestStore.model(engagement: """
                rules: [ { activity: email_click, points: 3, within_days: 30 },
                         { activity: email_open, points: 1, within_days: 10 },
                         { activity: email_open, campaign_matches: "^Q3", points: 2 },
                         { activity: page_view, points: 1 } ]
                """)
            let id = try fixture.addContact(["email": "edge@acme.com"])
            // a click exactly 30 days old, and one a second older
            try fixture.addRecord(contact: id, system: "hubspot", type: "email_click", at: Self.asOf - 30 * Self.day,
                                  asset: "Pricing mail")
            try fixture.addRecord(contact: id, system: "hubspot", type: "email_click",
                                  at: Self.asOf - 30 * Self.day - 1, asset: "Launch mail")
            // two opens 40 days old, one of a Q3 campaign; a page view 400 days old
            try fixture.addRecord(contact: id, system: "hubspot", type: "email_open", at: Self.asOf - 40 * Self.day,
                                  campaign: "Q3 launch")
            try fixture.addRecord(contact: id, system: "hubspot", type: "email_open", at: Self.asOf - 40 * Self.day,
                                  campaign: "Spring")
            try fixture.addRecord(contact: id, system: "hubspot", type: "page_view", at: Self.asOf - 400 * Self.day,
                                  url: "https://acme.com/blog")
            // When scoring
            let summary = try fixture.store.score(model: model, asOf: Self.asOf)
            // Then the edge click counts 3, the Q3 open 2 and the page view 1: 6; four records were read (the
            // older click is past the only click rule's window; both opens are read, as one open rule has none)
            #expect(try fixture.stored(id)?.engagement == 6)
            #expect(summary.activities == 4)
            // and explain, which reads every record, agrees
            let x = try #require(try fixture.store.explain(contact: "edge@acme.com", model: model, asOf: nil))
            #expect(x.agreesWithStored == true)
            #expect(x.engagementRules.map(\.matched) == [1, 1, 1])
            #expect(x.engagementRules.map(\.points) == [3, 2, 1])
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var engagement: String
        var types: [String]
        var days: [Int64]
        var testDescription: String { engagement }
    }

    static let cases: [Case] = [
        Case(engagement: """
            rules: [ { activity: email_open, points: 1, within_days: 10 }, \
            { activity: email_open, points: 1, within_days: 30 } ]
            """, types: ["email_open"], days: [30 * day]),
        // half a day and a hundredth of a second: whole seconds down
        Case(engagement: "rules: [ { activity: email_open, points: 1, within_days: 0.5000001157 } ]",
             types: ["email_open"], days: [43_200]),
        Case(engagement: """
            rules: [ { activity: email_open, points: 1, within_days: 10 }, { activity: email_open, points: 1 }, \
            { activity: email_click, points: 1, within_days: 90 } ]
            """, types: ["email_click"], days: [90 * day]),
    ]

    @Test("the earliest time read per type is its rules' widest window, in whole seconds down; none if a rule has no window",
          arguments: cases)
    func earliest(_ testCase: Case) throws {
        let engine = try ScoreEngine(model: try ScoringTestStore.model(engagement: testCase.engagement))
        let earliest = engine.earliestCounted(asOf: Self.asOf)
        #expect(earliest.map(\.type) == testCase.types)
        #expect(earliest.map(\.occurredAt) == testCase.days.map { Self.asOf - $0 })
    }
}

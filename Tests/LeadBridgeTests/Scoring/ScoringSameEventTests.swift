import Foundation
import LeadBridgeSampleData
import Testing

@testable import LeadBridge

/// One event recorded by several systems (a HubSpot meeting and the Salesforce task its sync created) is scored
/// once: same contact and type, another system, within `same_event_within_minutes`, the same identifying detail.
@Suite struct ScoringSameEventTests {
    static let asOf = ScoringTestStore.asOf
    static let day = ScoringTestStore.day
    static let demoURL = "https://meet.example.com/demo-7"

    /// Demo requests worth 40, page views 10; no decay unless asked.
    static func model(halfLife: String = "", within: String = "") throws -> ScoringModel {
        try ScoringTestStore.model(engagement: """
            \(halfLife)
            \(within)
            rules: [ { activity: demo_request, points: 40 }, { activity: page_view, points: 10 } ]
            """)
    }

    // MARK: - Counted once or twice

    @Test("a HubSpot meeting and its Salesforce copy 3 minutes later score once, at the meeting's time")
    func meetingAndCopy() throws {
        try ScoringTestStore.with { fixture in
            // Given a demo meeting logged in HubSpot 30 days ago (one half-life: 40 × 0.5 = 20) and the task the
            // sync created in Salesforce 3 minutes later, with the same meeting URL and its subject as campaign
            let model = try Self.model(halfLife: "half_life_days: 30")
            let id = try fixture.addContact(["email": "ada@acme.com"])
            let meeting = Self.asOf - 30 * Self.day
            try fixture.addRecord(contact: id, system: "hubspot", type: "demo_request", at: meeting,
                                  url: Self.demoURL, campaign: "Product demo", asset: "Product demo")
            try fixture.addRecord(contact: id, system: "salesforce", type: "demo_request", at: meeting + 180,
                                  url: Self.demoURL, campaign: "Product demo")
            // When scoring
            let summary = try fixture.store.score(model: model, asOf: Self.asOf)
            // Then the engagement is the one meeting's, 20 (both: 20 + 40 × 0.5^(29.998/30) = 40.00), and the
            // copy is read but not counted
            #expect(try fixture.stored(id)?.engagement == 20)
            #expect(summary.activities == 2 && summary.sameEventCopies == 1)
        }
    }

    struct Pair: Sendable, CustomTestStringConvertible {
        var name: String
        var first: (system: String, url: String?, campaign: String?, asset: String?)
        var second: (system: String, url: String?, campaign: String?, asset: String?)
        var secondsApart: Int64
        var within = ""
        /// Demo requests counted (40 each, no decay).
        var counted: Int
        var testDescription: String { name }
    }

    static let pairs: [Pair] = [
        Pair(name: "two meetings 2 hours apart in two systems score twice",
             first: ("hubspot", demoURL, nil, "Demo"), second: ("salesforce", demoURL, nil, "Demo"),
             secondsApart: 7_200, counted: 2),
        Pair(name: "two records of one system a minute apart are two events",
             first: ("hubspot", demoURL, nil, "Demo"), second: ("hubspot", demoURL, nil, "Demo"),
             secondsApart: 60, counted: 2),
        Pair(name: "tolerance 5 minutes: a copy exactly 300 s later is the same event",
             first: ("hubspot", demoURL, nil, nil), second: ("salesforce", demoURL, nil, nil),
             secondsApart: 300, within: "same_event_within_minutes: 5", counted: 1),
        Pair(name: "tolerance 5 minutes: 301 s later is another event",
             first: ("hubspot", demoURL, nil, nil), second: ("salesforce", demoURL, nil, nil),
             secondsApart: 301, within: "same_event_within_minutes: 5", counted: 2),
        Pair(name: "the default tolerance is 10 minutes: 600 s is the same event",
             first: ("hubspot", demoURL, nil, nil), second: ("salesforce", demoURL, nil, nil),
             secondsApart: 600, counted: 1),
        Pair(name: "the default tolerance is 10 minutes: 601 s is another event",
             first: ("hubspot", demoURL, nil, nil), second: ("salesforce", demoURL, nil, nil),
             secondsApart: 601, counted: 2),
        Pair(name: "tolerance 0: the same second is the same event",
             first: ("hubspot", demoURL, nil, nil), second: ("salesforce", demoURL, nil, nil),
             secondsApart: 0, within: "same_event_within_minutes: 0", counted: 1),
        Pair(name: "tolerance 0: a second apart is another event",
             first: ("hubspot", demoURL, nil, nil), second: ("salesforce", demoURL, nil, nil),
             secondsApart: 1, within: "same_event_within_minutes: 0", counted: 2),
        Pair(name: "none: every record counts",
             first: ("hubspot", demoURL, nil, nil), second: ("salesforce", demoURL, nil, nil),
             secondsApart: 0, within: "same_event_within_minutes: none", counted: 2),
        Pair(name: "the URL identifies: same URL, other campaign is one event",
             first: ("hubspot", demoURL, "Product demo", nil), second: ("pardot", demoURL, "Q3 Nurture", nil),
             secondsApart: 60, counted: 1),
        Pair(name: "the URL identifies: other URL, same asset is two events",
             first: ("hubspot", demoURL, nil, "Demo"), second: ("pardot", demoURL + "-b", nil, "Demo"),
             secondsApart: 60, counted: 2),
        Pair(name: "without a URL the asset identifies: same asset, other campaign is one event",
             first: ("hubspot", nil, "A", "Demo"), second: ("pardot", nil, "B", "Demo"),
             secondsApart: 60, counted: 1),
        Pair(name: "a URL on one side and only an asset on the other are two events (each its most specific)",
             first: ("hubspot", demoURL, nil, "Demo"), second: ("pardot", nil, nil, "Demo"),
             secondsApart: 60, counted: 2),
        Pair(name: "with neither URL nor asset the campaign identifies",
             first: ("hubspot", nil, "Product demo", nil), second: ("salesforce", nil, "Product demo", nil),
             secondsApart: 60, counted: 1),
        Pair(name: "a different campaign as the only detail is another event",
             first: ("hubspot", nil, "Product demo", nil), second: ("salesforce", nil, "Pricing call", nil),
             secondsApart: 60, counted: 2),
        Pair(name: "neither record has any detail: the same event",
             first: ("hubspot", nil, nil, nil), second: ("salesforce", nil, nil, nil),
             secondsApart: 60, counted: 1),
        Pair(name: "a bare record and one with details are two events",
             first: ("hubspot", nil, nil, nil), second: ("salesforce", demoURL, nil, nil),
             secondsApart: 60, counted: 2),
        Pair(name: "empty text (which mappings never store) is no detail",
             first: ("hubspot", "", nil, nil), second: ("salesforce", nil, nil, nil),
             secondsApart: 60, counted: 1),
        Pair(name: "details are compared exactly (case counts)",
             first: ("hubspot", nil, nil, "Demo"), second: ("salesforce", nil, nil, "demo"),
             secondsApart: 60, counted: 2),
    ]

    @Test("two records of a demo request: counted once or twice", arguments: pairs)
    func pair(_ pair: Pair) throws {
        try ScoringTestStore.with { fixture in
            // Given the two records, `secondsApart` apart, 10 days ago
            let model = try Self.model(within: pair.within)
            let id = try fixture.addContact(["email": "ada@acme.com"])
            let at = Self.asOf - 10 * Self.day
            for (record, time) in [(pair.first, at), (pair.second, at + pair.secondsApart)] {
                try fixture.addRecord(contact: id, system: record.system, type: "demo_request", at: time,
                                      url: record.url, campaign: record.campaign, asset: record.asset)
            }
            // When scoring, then each counted record adds 40 and the other is a copy
            let summary = try fixture.store.score(model: model, asOf: Self.asOf)
            #expect(try fixture.stored(id)?.engagement == Double(40 * pair.counted))
            #expect(summary.sameEventCopies == 2 - pair.counted)
        }
    }

    @Test("page views of different URLs in the same minute in two systems score twice; of one URL once")
    func pageViews() throws {
        try ScoringTestStore.with { fixture in
            // Given two contacts, each viewing pages (10 each) tracked by Pardot and Marketo in the same minute
            let model = try Self.model()
            let at = Self.asOf - Self.day
            let two = try fixture.addContact(["email": "two@acme.com"])
            try fixture.addRecord(contact: two, system: "pardot", type: "page_view", at: at, url: "https://x.io/pricing")
            try fixture.addRecord(contact: two, system: "marketo", type: "page_view", at: at + 20, url: "https://x.io/docs")
            let one = try fixture.addContact(["email": "one@acme.com"])
            try fixture.addRecord(contact: one, system: "pardot", type: "page_view", at: at, url: "https://x.io/pricing")
            try fixture.addRecord(contact: one, system: "marketo", type: "page_view", at: at + 20, url: "https://x.io/pricing")
            // When scoring
            _ = try fixture.store.score(model: model, asOf: Self.asOf)
            // Then two pages are two views (20), one page in two systems one view (10)
            #expect(try fixture.stored(two)?.engagement == 20)
            #expect(try fixture.stored(one)?.engagement == 10)
        }
    }

    @Test("an event has one record per system: a second record from a system that has one is another event")
    func oneRecordPerSystem() throws {
        try ScoringTestStore.with { fixture in
            // Given HubSpot at t, Salesforce at t+60 and t+90, Pardot at t+120, all with the same meeting URL
            let model = try Self.model()
            let id = try fixture.addContact(["email": "ada@acme.com"])
            let at = Self.asOf - 5 * Self.day
            for (system, offset) in [("hubspot", 0), ("salesforce", 60), ("salesforce", 90), ("pardot", 120)] {
                try fixture.addRecord(contact: id, system: system, type: "demo_request", at: at + Int64(offset),
                                      url: Self.demoURL)
            }
            // When scoring
            let summary = try fixture.store.score(model: model, asOf: Self.asOf)
            // Then HubSpot's meeting has the first Salesforce and the Pardot record as copies, and the second
            // Salesforce record is a second meeting: 2 × 40 = 80, 2 copies
            #expect(try fixture.stored(id)?.engagement == 80)
            #expect(summary.sameEventCopies == 2)
        }
    }

    @Test("a record no rule counts takes no part: its copy inside within_days counts once, and explain agrees")
    func uncountedFirstRecord() throws {
        try ScoringTestStore.with { fixture in
            // Given email opens worth 5 within 30 days (no decay): HubSpot's record of one open 2 minutes before
            // the 30 days and Salesforce's copy 2 minutes after them; and another contact's open, both records
            // inside
            let model = try ScoringTestStore.model(engagement: """
                rules: [ { activity: email_open, points: 5, within_days: 30 } ]
                """)
            let edge = try fixture.addContact(["email": "edge@acme.com"])
            let opened = Self.asOf - 30 * Self.day - 120
            try fixture.addRecord(contact: edge, system: "hubspot", type: "email_open", at: opened,
                                  asset: "Webinar invite")
            try fixture.addRecord(contact: edge, system: "salesforce", type: "email_open", at: opened + 240,
                                  asset: "Webinar invite")
            let inside = try fixture.addContact(["email": "inside@acme.com"])
            try fixture.addRecord(contact: inside, system: "hubspot", type: "email_open", at: Self.asOf - Self.day,
                                  asset: "Webinar invite")
            try fixture.addRecord(contact: inside, system: "salesforce", type: "email_open",
                                  at: Self.asOf - Self.day + 240, asset: "Webinar invite")
            // When scoring
            let summary = try fixture.store.score(model: model, asOf: Self.asOf)
            // Then the edge contact's open counts once, through Salesforce's record (5; the HubSpot record is
            // outside the 30 days and hides nothing), the other's once (5), and one copy was left out
            #expect(try fixture.stored(edge)?.engagement == 5)
            #expect(try fixture.stored(inside)?.engagement == 5)
            #expect(summary.sameEventCopies == 1)
            let x = try #require(try fixture.store.explain(contact: "edge@acme.com", model: model, asOf: nil))
            let opens = try #require(x.engagementRules.first)
            #expect(opens.matched == 1 && opens.activities.map(\.occurredAt) == [opened + 240])
            #expect(opens.activities.first?.systems == ["salesforce"])
            #expect(x.sameEventCopies == 0 && x.agreesWithStored == true)
        }
    }

    // MARK: - Explain, stability

    @Test("explain lists both systems of the counted meeting and the copy left out, and agrees with the pass")
    func explainListsSystems() throws {
        try ScoringTestStore.with { fixture in
            // Given a meeting in HubSpot and its Salesforce copy 3 minutes later, and a page view in Pardot only
            let model = try Self.model()
            let id = try fixture.addContact(["email": "ada@acme.com"])
            let at = Self.asOf - 2 * Self.day
            try fixture.addRecord(contact: id, system: "salesforce", type: "demo_request", at: at + 180,
                                  url: Self.demoURL)
            try fixture.addRecord(contact: id, system: "hubspot", type: "demo_request", at: at, url: Self.demoURL)
            try fixture.addRecord(contact: id, system: "pardot", type: "page_view", at: at, url: "https://x.io/")
            _ = try fixture.store.score(model: model, asOf: Self.asOf)
            // When explaining the stored score
            let x = try #require(try fixture.store.explain(contact: "ada@acme.com", model: model, asOf: nil))
            // Then the demo counts once, at HubSpot's time, from both systems; the page view from Pardot; 40 + 10
            let demo = try #require(x.engagementRules.first { $0.id == "engagement#1" })
            #expect(demo.matched == 1 && demo.points == 40)
            #expect(demo.activities.map(\.occurredAt) == [at])
            #expect(demo.activities.first?.systems == ["hubspot", "salesforce"])
            let page = try #require(x.engagementRules.first { $0.id == "engagement#2" })
            #expect(page.activities.first?.systems == ["pardot"])
            #expect(x.sameEventCopies == 1 && x.sameEventWithinMinutes == 10)
            #expect(x.engagement == 50 && x.agreesWithStored == true)
        }
    }

    @Test("a copy pulled after scoring changes nothing, and a re-score with no new data writes nothing")
    func copyArrivingLater() throws {
        try ScoringTestStore.with { fixture in
            // Given a scored contact with a HubSpot meeting
            let model = try Self.model(halfLife: "half_life_days: 30")
            let id = try fixture.addContact(["email": "ada@acme.com"])
            let at = Self.asOf - 30 * Self.day
            try fixture.addRecord(contact: id, system: "hubspot", type: "demo_request", at: at, url: Self.demoURL)
            let first = try fixture.store.score(model: model, asOf: Self.asOf)
            #expect(first.changed == 1)
            let before = try fixture.dump()
            // When its Salesforce copy arrives and the contact is scored again, twice
            try fixture.addRecord(contact: id, system: "salesforce", type: "demo_request", at: at + 120,
                                  url: Self.demoURL)
            let second = try fixture.store.score(model: model, asOf: Self.asOf)
            let third = try fixture.store.score(model: model, asOf: Self.asOf)
            // Then nothing is written: the score (20) and its explanation are the same
            #expect(second.changed == 0 && second.sameEventCopies == 1)
            #expect(third.changed == 0)
            #expect(try fixture.dump() == before)
            #expect(try fixture.stored(id)?.engagement == 20)
        }
    }

    @Test("the score does not depend on which record was pulled first", arguments: [false, true])
    func pullOrder(copyFirst: Bool) throws {
        try ScoringTestStore.with { fixture in
            // Given the same two records of one meeting at the same second, inserted in either order
            let model = try Self.model(halfLife: "half_life_days: 30")
            let id = try fixture.addContact(["email": "ada@acme.com"])
            let at = Self.asOf - 3 * Self.day
            let records = [("hubspot", "Product demo"), ("salesforce", "Demo booked")]
            for (system, campaign) in copyFirst ? records.reversed() : records {
                try fixture.addRecord(contact: id, system: system, type: "demo_request", at: at, url: Self.demoURL,
                                      campaign: campaign)
            }
            // When scoring and explaining, then it is one meeting, 40 × 0.5^(3/30) = 37.32, whose counted record is
            // the first in the index's order (campaign "Demo booked" before "Product demo"), whatever came first
            _ = try fixture.store.score(model: model, asOf: Self.asOf)
            #expect(try fixture.stored(id)?.engagement == 37.32)
            let x = try #require(try fixture.store.explain(contact: String(id), model: model, asOf: nil))
            #expect(x.engagementRules.first?.activities.first?.systems == ["salesforce", "hubspot"])
            #expect(x.engagementRules.first?.activities.first?.campaign == "Demo booked")
        }
    }

    @Test("generated people with copies in three systems: the pass (any batch size) and explain agree")
    func generatedCopiesAgree() throws {
        try Self.checkGeneratedCopies()
    }

    /// Seeds 40 generated people whose activities each system may hold a copy of (about a third, 20 s to 5 min
    /// later), some in the same system; scores in batches of 1, 7 and 10,000; explains everyone.
    static func checkGeneratedCopies() throws {
        let generator = SampleDataGenerator(seed: 11)
        let model = ScoringModel.default
        let kinds = Set(SampleActivity.Kind.allCases)
        var dumps: [[String]] = []
        for batchSize in [1, 7, 10_000] {
            try ScoringTestStore.with { fixture in
                for index in 0..<40 {
                    let id = try fixture.addContact(["email": "p\(index)@acme.com", "title": "VP Sales"])
                    for (position, activity) in generator.activities(forPerson: index, count: 30).enumerated() {
                        let system = ["hubspot", "pardot", "marketo"][position % 3]
                        for (record, recordSystem) in [
                            (activity, system),
                            (generator.syncedCopy(of: activity, rate: 0.35, kinds: kinds), ["salesforce", system][
                                position % 2]),
                        ] {
                            guard let record else { continue }
                            try fixture.addRecord(
                                contact: id, system: recordSystem, type: record.kind.rawValue,
                                at: Int64(record.occurredAt.timeIntervalSince1970), url: record.url,
                                campaign: record.campaign, asset: record.asset)
                        }
                    }
                }
                let summary = try fixture.store.score(model: model, asOf: Self.asOf, batchSize: batchSize)
                #expect(summary.sameEventCopies > 50)
                dumps.append(try fixture.dump())
                var explained = 0
                for id in Int64(1)...40 {
                    let x = try #require(try fixture.store.explain(contact: String(id), model: model, asOf: nil))
                    #expect(x.agreesWithStored == true, "contact \(id)")
                    explained += x.sameEventCopies
                }
                #expect(explained == summary.sameEventCopies)
            }
        }
        #expect(dumps[0] == dumps[1] && dumps[1] == dumps[2])
    }

    // MARK: - The model

    @Test("same_event_within_minutes: default 10, `none`, part of the hash, bad values reported at their line")
    func modelSetting() throws {
        let base = try Self.model()
        #expect(base.engagement.sameEventWithinMinutes == 10 && base.engagement.sameEventWithinSeconds == 600)
        let five = try Self.model(within: "same_event_within_minutes: 5")
        let none = try Self.model(within: "same_event_within_minutes: none")
        let ten = try Self.model(within: "same_event_within_minutes: 10")
        #expect(five.engagement.sameEventWithinSeconds == 300 && none.engagement.sameEventWithinMinutes == nil)
        #expect(ten.hash == base.hash)
        #expect(Set([base.hash, five.hash, none.hash]).count == 3)
        for bad in ["-1", "1441", "soon", "[5]"] {
            let error = #expect(throws: ScoringModelError.self) {
                try Self.model(within: "same_event_within_minutes: \(bad)")
            }
            let problem = try #require(error?.problems.first)
            #expect(problem.message.contains("same_event_within_minutes"))
            #expect(problem.message.contains("0 to 1440") && problem.line == 5, "\(problem)")
        }
    }
}

import Testing

@testable import LeadBridge

@Suite struct ReviewWindowTests {
    static let day: Int64 = 86_400

    @Test("the review window counts the contacts whose first stage decision (leads: creation) falls in it")
    func windowSelectsContactsByTheirReviewDate() throws {
        try ScoringTestStore.with { fixture in
            // Given, scored as of 2026-08-15 and again as of 2026-11-01:
            //   B: MQL at the 08-15 scoring, taken to sql by sales on 08-20 (Q3; converted, 120 h handoff)
            //   A: MQL at the 11-01 scoring (Q4)
            //   C: a lead created 2026-09-10 (Q3); D: a lead created 2026-10-05 (Q4); E: a lead with no date
            //   F: created 2025-01-01, taken to sql by sales on 2026-09-01 without ever qualifying (Q3; converted)
            let model = try ScoringAuditTests.model()
            let nov1 = ScoringTestStore.asOf
            let aug15 = UTCTime.seconds(year: 2026, month: 8, day: 15)
            let a = try fixture.addContact(["email": "a@acme.com", "title": "VP", "company": "Acme"])
            try fixture.addActivity(contact: a, type: "demo_request", daysAgo: 1)
            let b = try fixture.addContact(["email": "b@acme.com", "title": "VP", "company": "Acme"])
            try fixture.addActivity(contact: b, type: "demo_request", daysAgo: Double(nov1 - aug15) / 86_400 + 1)
            let c = try fixture.addContact([
                "email": "c@acme.com", "title": "Intern", "created_at": UTCTime.seconds(year: 2026, month: 9, day: 10),
            ])
            try fixture.addContact([
                "email": "d@acme.com", "title": "Intern", "created_at": UTCTime.seconds(year: 2026, month: 10, day: 5),
            ])
            try fixture.addContact(["email": "e@acme.com", "title": "Intern"])
            let f = try fixture.addContact([
                "email": "f@acme.com", "title": "Intern", "created_at": UTCTime.seconds(year: 2025, month: 1, day: 1),
            ])
            _ = try fixture.store.score(model: model, asOf: aug15)
            try fixture.setCRMStage(b, "sql", updatedAt: aug15 + 5 * Self.day)
            try fixture.setCRMStage(f, "sql", updatedAt: UTCTime.seconds(year: 2026, month: 9, day: 1))
            _ = try fixture.store.score(model: model, asOf: nov1)

            // When audited for Q3 (2026-07-01 through 2026-09-30)
            let q3 = try ReviewWindow(firstDay: "2026-07-01", lastDay: "2026-09-30")
            let audit = try fixture.store.audit(model: model, asOf: nov1, slaHours: 24, window: q3)
            // Then B, C and F count (B and F converted); A and D are outside; E has no date
            #expect(audit.window == q3)
            #expect(audit.contacts == 3 && audit.outsideWindow == 2 && audit.undated == 1)
            #expect(audit.convertedCount == 2)
            #expect(Set(audit.converters.map(\.id)) == [b, f])
            #expect(audit.separation.trueNegatives == 1)  // C
            #expect(audit.handoff.count == 1 && audit.handoff.breaches.map(\.hours) == [120])
            #expect(!audit.converters.contains { $0.id == c })

            // When audited for Q4: A and D count, nothing converted, A's handoff is still pending (0 h)
            let q4 = try ReviewWindow(firstDay: "2026-10-01", lastDay: "2026-12-31")
            let later = try fixture.store.audit(model: model, asOf: nov1, slaHours: 24, window: q4)
            #expect(later.contacts == 2 && later.outsideWindow == 3 && later.undated == 1)
            #expect(later.convertedCount == 0 && later.handoff.count == 0)
            #expect(later.separation.falsePositives == 1 && later.separation.trueNegatives == 1)

            // And without a window every scored contact counts, as before
            let all = try fixture.store.audit(model: model, asOf: nov1, slaHours: 24)
            #expect(all.window == nil && all.contacts == 6 && all.convertedCount == 2)
        }
    }

    @Test(
        "the default window is the last full calendar quarter before the as-of time",
        arguments: [
            ("2026-11-01T00:00:00Z", "2026-07-01", "2026-09-30"),
            ("2026-01-15T12:00:00Z", "2025-10-01", "2025-12-31"),
            ("2026-04-01T00:00:00Z", "2026-01-01", "2026-03-31"),
            ("2026-03-31T23:59:59Z", "2025-10-01", "2025-12-31"),
        ])
    func defaultWindow(asOf: String, first: String, last: String) throws {
        let window = ReviewWindow.lastFullQuarter(before: try #require(UTCTime.parse(asOf)))
        #expect(window.firstDay == first && window.lastDay == last && window.basis == .lastFullQuarter)
        #expect(window.start == ReviewWindow.dayStart(first))
        #expect(window.end == ReviewWindow.dayStart(last)! + Self.day)
    }

    @Test("window days are YYYY-MM-DD, the last day included; a first day after the last is refused")
    func days() throws {
        let one = try ReviewWindow(firstDay: "2026-09-30", lastDay: "2026-09-30")
        #expect(one.end - one.start == Self.day && one.contains(one.start) && !one.contains(one.end))
        for text in ["2026-02-30", "2026-7-01", "2026-07-01T00:00:00Z", "01/07/2026", ""] {
            #expect(ReviewWindow.dayStart(text) == nil, "\(text)")
        }
        #expect(throws: ReviewWindowError(code: .reversed, text: "2026-10-01 > 2026-09-30")) {
            try ReviewWindow(firstDay: "2026-10-01", lastDay: "2026-09-30")
        }
        #expect(throws: ReviewWindowError(code: .notADate, text: "2026-13-01")) {
            try ReviewWindow(firstDay: "2026-13-01", lastDay: "2026-09-30")
        }
    }

    @Test("HTML: the window is stated; each chart has a labelled y-axis with ticks and n on every bar")
    func htmlAxisAndSampleSizes() throws {
        // Given an audit of 4 contacts in bands <20 (1 contact, converted) and 60–80 (3 contacts, 1 converted)
        var audit = ScoringAudit(asOf: ScoringTestStore.asOf, modelHash: "m", handoff: HandoffSummary(slaHours: 24))
        audit.window = try ReviewWindow(firstDay: "2026-07-01", lastDay: "2026-09-30")
        audit.contacts = 4
        audit.bands = [
            BandConversion(label: "<20", contacts: 1, converted: 1),
            BandConversion(label: "60–80", contacts: 3, converted: 1),
        ]
        audit.histogram = [
            BandConversion(label: "0–10", contacts: 1, converted: 1),
            BandConversion(label: "70–80", contacts: 3, converted: 1),
        ]
        // When rendered
        let html = ScoringAuditHTML.render(audit)
        // Then the window is stated
        #expect(html.contains("Review window <strong>2026-07-01 to 2026-09-30 (UTC, both days included)</strong>"))
        // And both charts have a titled y-axis: counts 0–3 in steps of 1; rates 0–100% in steps of 20%
        #expect(html.components(separatedBy: "class=\"y-axis\"").count == 3)
        #expect(html.contains(">contacts</text>") && html.contains(">conversion rate</text>"))
        #expect(html.components(separatedBy: "class=\"tick-label\"").count == 1 + 4 + 6)
        for tick in ["0", "1", "2", "3", "0%", "20%", "40%", "60%", "80%", "100%"] {
            #expect(html.contains("text-anchor=\"end\">\(tick)</text>"), "\(tick)")
        }
        #expect(!html.contains("text-anchor=\"end\">4</text>") && !html.contains(">120%<"))
        // And every bar carries its sample size: 1 and 3 in each chart, with the rates 100.0% and 33.3%
        #expect(html.components(separatedBy: ">n = 1</text>").count == 3)
        #expect(html.components(separatedBy: ">n = 3</text>").count == 3)
        #expect(html.contains(">100.0%</text>") && html.contains(">33.3%</text>"))
    }

    @Test(
        "ticks: 1, 2 or 5 times a power of ten, at most five intervals, up to the first at or above the maximum",
        arguments: [
            (3.0, 1.0, 3.0), (0.333, 0.1, 0.4), (1.0, 0.2, 1.0), (2, 1, 2), (0.2, 0.05, 0.2), (87, 20, 100), (0, 1, 1),
            (1234, 500, 1500),
        ])
    func ticks(maximum: Double, step: Double, top: Double) {
        let ticks = ScoringAuditHTML.ticks(upTo: maximum, minimumStep: maximum == 2 ? 1 : 0)
        #expect(abs(ticks.step - step) < 1e-9 && abs(ticks.top - top) < 1e-9, "\(ticks)")
    }
}

import Testing

@testable import LeadBridge

@Suite struct ScoringAuditTests {
    static func model() throws -> ScoringModel {
        try ScoringTestStore.model(
            fit: #"[ { field: title, matches: "(?i)vp", points: 30 } ]"#,
            engagement: "rules: [ { activity: demo_request, points: 40 } ]")
    }

    @Test("audit: conversion by band, MQL precision and recall, handoff time against the SLA")
    func audit() throws {
        try ScoringTestStore.with { fixture in
            // Given three MQLs (total 70) and one lead (total 0)
            let model = try Self.model()
            let asOf = ScoringTestStore.asOf
            var ids: [Int64] = []
            for index in 0..<3 {
                let id = try fixture.addContact(["email": "vp\(index)@acme.com", "title": "VP", "company": "Acme"])
                try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 1)
                ids.append(id)
            }
            let lead = try fixture.addContact(["email": "x@acme.com", "title": "Intern"])
            _ = try fixture.store.score(model: model, asOf: asOf)
            // When sales accepts one MQL after 10 h (within a 24 h SLA) and one after 30 h (a breach),
            // and the lead converts to sql later without ever qualifying
            try fixture.setCRMStage(ids[0], "sal", updatedAt: asOf + 10 * 3_600)
            try fixture.setCRMStage(ids[1], "sql", updatedAt: asOf + 30 * 3_600)
            try fixture.setCRMStage(lead, "sql", updatedAt: asOf + 30 * 3_600)
            _ = try fixture.store.score(model: model, asOf: asOf + 40 * 3_600)
            let audit = try fixture.store.audit(model: model, asOf: asOf + 40 * 3_600, slaHours: 24)
            // Then converters are ids[1] (qualified) and the lead (not): precision 1/3, recall 1/2
            #expect(audit.contacts == 4 && audit.convertedCount == 2)
            #expect(audit.separation == MQLSeparation(
                truePositives: 1, falsePositives: 2, falseNegatives: 1, trueNegatives: 0))
            #expect(abs(audit.separation.precision - 1.0 / 3) < 1e-12 && audit.separation.recall == 0.5)
            // Bands [20, 40, 60, 80, 100]: the lead in <20, the MQLs (70) in 60–80
            #expect(audit.bands.map(\.contacts) == [1, 0, 0, 3, 0, 0])
            #expect(audit.bands[3].converted == 1 && audit.bands[0].converted == 1)
            // Handoffs: 10 h and 30 h; one breach; the third MQL has waited 40 h
            #expect(audit.handoff.count == 2 && audit.handoff.withinSLA == 1)
            #expect(audit.handoff.breaches.map(\.hours) == [30])
            #expect(audit.handoff.breaches.first?.email == "vp1@acme.com")
            #expect(audit.handoff.pendingOverSLA.map(\.contactID) == [ids[2]])
            #expect(audit.handoff.pendingOverSLA.first?.hours == 40)
        }
    }

    @Test("the HTML page escapes hostile CRM values")
    func htmlEscapesCRMValues() throws {
        try ScoringTestStore.with { fixture in
            // Given a converted contact whose company and title are hostile markup
            let hostile = #"<script>alert("x")</script> & <img src=x onerror=alert(1)>"#
            let id = try fixture.addContact([
                "email": "a@b.com", "company": hostile, "title": "VP \"quoted\" 'single'", "lifecycle_stage": "customer",
            ])
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 1)
            let model = try Self.model()
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            // When the audit is rendered
            let html = ScoringAuditHTML.render(
                try fixture.store.audit(model: model, asOf: ScoringTestStore.asOf))
            // Then no markup from CRM data survives, and the escaped text is there
            #expect(!html.contains("<script>"))
            #expect(!html.contains("<img"))
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"))
            #expect(html.contains("VP &quot;quoted&quot; &#39;single&#39;"))
            #expect(html.contains("<svg") && html.hasPrefix("<!DOCTYPE html>"))
        }
    }

    @Test("the SLA is the scoring model's handoff.sla_hours")
    func slaComesFromTheModel() throws {
        try ScoringTestStore.with { fixture in
            // Given a model whose handoff SLA is 8 h, and an MQL accepted after 10 h
            var model = try Self.model()
            model.slaHours = 8
            let asOf = ScoringTestStore.asOf
            let id = try fixture.addContact(["email": "vp@acme.com", "title": "VP", "company": "Acme"])
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 1)
            _ = try fixture.store.score(model: model, asOf: asOf)
            try fixture.setCRMStage(id, "sal", updatedAt: asOf + 10 * 3_600)
            _ = try fixture.store.score(model: model, asOf: asOf + 20 * 3_600)
            // When the audit runs without an SLA of its own
            let audit = try fixture.store.audit(model: model, asOf: asOf + 20 * 3_600)
            // Then the 10 h handoff breaches the model's 8 h SLA
            #expect(audit.handoff.slaHours == 8)
            #expect(audit.handoff.breachCount == 1 && audit.handoff.withinSLA == 0)
        }
    }

    @Test("converted means the highest stage reached, not the current one; converted stages are configurable")
    func convertedFromTheStageHistory() throws {
        try ScoringTestStore.with { fixture in
            // Given two MQLs: A reaches sql and is then recycled by sales; B reaches sal only
            var model = try Self.model()
            let asOf = ScoringTestStore.asOf
            let a = try fixture.addContact(["email": "a@acme.com", "title": "VP", "company": "Acme"])
            let b = try fixture.addContact(["email": "b@acme.com", "title": "VP", "company": "Acme"])
            for id in [a, b] { try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 1) }
            _ = try fixture.store.score(model: model, asOf: asOf)
            try fixture.setCRMStage(a, "sql", updatedAt: asOf + 10 * 3_600)
            try fixture.setCRMStage(b, "sal", updatedAt: asOf + 10 * 3_600)
            _ = try fixture.store.score(model: model, asOf: asOf + 20 * 3_600)
            try fixture.setCRMStage(a, "recycled", updatedAt: asOf + 30 * 3_600)
            _ = try fixture.store.score(model: model, asOf: asOf + 40 * 3_600)

            // When audited with the default converted stages (sql, opportunity, customer)
            let audit = try fixture.store.audit(model: model, asOf: asOf + 40 * 3_600)
            // Then A converted (it reached sql, though it is recycled now) and B did not
            #expect(audit.convertedStages == ["sql", "opportunity", "customer"])
            #expect(audit.convertedCount == 1)
            #expect(audit.converters.map(\.id) == [a] && audit.converters.first?.crmStage == "sql")
            #expect(audit.separation.truePositives == 1 && audit.separation.falsePositives == 1)

            // When sal counts as converted: both; when only opportunity and customer do: neither
            model.convertedStages = [.sal]
            #expect(try fixture.store.audit(model: model, asOf: asOf + 40 * 3_600).convertedCount == 2)
            let strict = try ScoringModel(yaml: """
                fit: [ { field: title, matches: "(?i)vp", points: 30 } ]
                engagement: { rules: [ { activity: demo_request, points: 40 } ] }
                mql: { total: 60, min_fit: 20, min_engagement: 10 }
                grades: { A: 40, B: 25, C: 10 }
                audit: { converted_stages: [opportunity, customer] }
                """)
            #expect(strict.convertedStages == [.opportunity, .customer])
            #expect(try fixture.store.audit(model: strict, asOf: asOf + 40 * 3_600).convertedCount == 0)
        }
    }

    @Test("converted stages must be sales stages")
    func convertedStagesAreChecked() throws {
        #expect {
            _ = try ScoringModel(yaml: """
                fit: []
                engagement: { rules: [] }
                mql: { total: 60, min_fit: 20, min_engagement: 10 }
                grades: { A: 40, B: 25, C: 10 }
                audit: { converted_stages: [mql, customer] }
                """)
        } throws: { error in
            "\(error)".contains("scoring.yml:5:29: `mql` is not a sales stage")
        }
    }
}

@Suite struct ScoringAuditSettingsTests {
    @Test("audit.min_sample: 30 by default, a whole number of contacts, errors at their line")
    func minSample() throws {
        let base = """
            fit: []
            engagement: { rules: [] }
            mql: { total: 60, min_fit: 20, min_engagement: 10 }
            grades: { A: 40, B: 25, C: 10 }

            """
        #expect(try ScoringModel(yaml: base).minSample == 30)
        #expect(try ScoringModel(yaml: base + "audit: { min_sample: 12 }").minSample == 12)
        for (value, message) in [
            ("0", "scoring.yml:5:22: `audit.min_sample` must be greater than zero"),
            ("2.5", "scoring.yml:5:22: `audit.min_sample` must be a whole number of contacts, found 2.5"),
            ("many", "scoring.yml:5:22: `audit.min_sample` must be a number"),
        ] {
            #expect {
                _ = try ScoringModel(yaml: base + "audit: { min_sample: \(value) }")
            } throws: { error in
                "\(error)".contains(message)
            }
        }
    }
}

@Suite struct ExplanationRulesTests {
    @Test("the rules a stored explanation names: read from the engine's bytes, or as JSON in another shape")
    func rulesNamed() throws {
        let model = try ScoringTestStore.model(
            fit: #"[ { name: vp, field: title, matches: "VP", points: 30 }, { name: big, field: employees, "#
                + #"between: [200, 5000], points: 1.5 }, { name: vp2, field: title, matches: "VP", points: 3 } ]"#,
            engagement: "rules: [ { name: demo, activity: demo_request, points: 40 }, "
                + "{ name: view, activity: page_view, points: 1 } ]")
        let rules = ExplanationRules(engine: try ScoreEngine(model: model))
        func read(_ text: String) -> [Bool] {
            var fit = [true, true, true]
            var engagement = [true, true]
            Array(text.utf8).withUnsafeBytes { rules.read($0, fit: &fit, engagement: &engagement) }
            return fit + engagement
        }
        // The engine's layout: entries in file order, points as the engine formats them
        #expect(read(#"{"fit":{"big":1.5,"vp2":3},"engagement":{"view":[3,2.52]}}"#)
            == [false, true, true, false, true])
        #expect(read(#"{"fit":{},"engagement":{}}"#) == [false, false, false, false, false])
        #expect(read(#"{"fit":{"vp":30},"engagement":{"demo":[1,40],"view":[12,0.01]}}"#)
            == [true, false, false, true, true])
        // Any other shape (spacing, order) is read as JSON, by rule id
        #expect(read(#"{ "engagement": { "demo": [1, 40] }, "fit": { "vp2": 3, "vp": 30 } }"#)
            == [true, false, true, true, false])
    }
}

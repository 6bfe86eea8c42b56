import Foundation
import GRDB
import LeadBridge
import Testing

/// `audit --model candidate.yml`: a candidate scoring model next to the current one on the same contacts, and which
/// rules predict conversion, checked against figures worked out by hand and against an independent recomputation
/// (``ReferenceAudit``) written from the README's rules, not from the engine.
@Suite(.timeLimit(.minutes(5))) struct AuditWhatIfTests {
    static let t: Int64 = 1_793_491_200  // 2026-11-01T00:00:00Z
    static let day: Int64 = 86_400

    /// The small store's current model: a VP title, a mid-market company, a free-mail address; demo requests and
    /// pricing-page views decaying with a 30-day half-life.
    static let current = """
        fit:
          - { name: senior, field: title, matches: "(?i)\\\\bvp\\\\b", points: 30 }
          - { name: mid-market, field: employees, between: [200, 5000], points: 10 }
          - { name: free-mail, field: email, domain_in: free_mail, points: -20 }
        engagement:
          half_life_days: 30
          rules:
            - { name: demo, activity: demo_request, points: 40 }
            - { name: pricing, activity: page_view, url_matches: "/pricing", points: 10, cap: 20 }
        mql: { total: 60, min_fit: 20, min_engagement: 10 }
        grades: { A: 40, B: 25, C: 10 }
        bands: [30, 60]
        audit: { converted_stages: [sql, opportunity, customer], min_sample: 3 }

        """

    /// The candidate: a lower MQL total, and pricing views worth more (15 each, up to 30).
    static var candidate: String {
        current.replacingOccurrences(of: "mql: { total: 60", with: "mql: { total: 45")
            .replacingOccurrences(of: "points: 10, cap: 20", with: "points: 15, cap: 30")
    }

    static func referenceModel(total: Double, pricing: Double, pricingCap: Double, freeMail: Set<String>)
        -> ReferenceModel
    {
        ReferenceModel(
            fit: [
                .init(id: "senior", field: "title", condition: .matches("(?i)\\bvp\\b"), points: 30),
                .init(id: "mid-market", field: "employees", condition: .between(200, 5_000), points: 10),
                .init(id: "free-mail", field: "email", condition: .domainIn(freeMail), points: -20),
            ],
            halfLifeDays: 30, engagementCap: nil,
            rules: [
                .init(id: "demo", activity: "demo_request", points: 40),
                .init(id: "pricing", activity: "page_view", urlMatches: "/pricing", points: pricing, cap: pricingCap),
            ],
            mqlTotal: total, mqlFit: 20, mqlEngagement: 10)
    }

    /// Twelve contacts in the window and one outside it, scored on 2026-10-12 and 2026-11-01 with CRM stages set
    /// before and between the two passes (sales took c3, c6, c13 before the first, c4, c5, c7 between them).
    static func buildSmallStore(_ project: TestProject) throws {
        _ = try project.write("config/scoring.yml", current)
        let t = Self.t
        let day = Self.day
        struct Person {
            var email: String
            var title: String
            var employees: Int
            var stage: (String, Int64)? = nil
            var laterStage: (String, Int64)? = nil
            var activities: [(String, Int64, String?)] = []
            var created: Int64 = 1_793_491_200 - 100 * 86_400
        }
        let pricing = "https://example.com/pricing"
        let people = [
            Person(email: "c1@acme.com", title: "VP Sales", employees: 1_000, activities: [("demo_request", 0, nil)]),
            Person(email: "c2@acme.com", title: "VP Sales", employees: 100, activities: [("demo_request", 30, nil)]),
            Person(email: "c3@acme.com", title: "VP Sales", employees: 1_000, stage: ("sql", t - 30 * day),
                   activities: [("demo_request", 60, nil), ("page_view", 10, pricing)]),
            Person(email: "c4@gmail.com", title: "VP Sales", employees: 1_000, laterStage: ("customer", t - 5 * day),
                   activities: [("demo_request", 5, nil)]),
            Person(email: "c5@acme.com", title: "Engineer", employees: 1_000, laterStage: ("sql", t - 10 * day),
                   activities: [("demo_request", 10, nil)]),
            Person(email: "c6@acme.com", title: "VP Sales", employees: 100, stage: ("opportunity", t - 40 * day),
                   activities: Array(repeating: ("page_view", 40, pricing), count: 3)),
            Person(email: "c7@acme.com", title: "VP Sales", employees: 1_000, laterStage: ("sal", t - 3 * day),
                   activities: [("demo_request", 3, nil)]),
            Person(email: "c8@acme.com", title: "Intern", employees: 50),
            Person(email: "c9@yahoo.com", title: "Analyst", employees: 300,
                   activities: Array(repeating: ("page_view", 0, pricing), count: 2)),
            Person(email: "c10@acme.com", title: "VP Sales", employees: 300, stage: ("disqualified", t - 50 * day),
                   activities: [("demo_request", 30, nil)]),
            Person(email: "c11@acme.com", title: "VP Sales", employees: 1_000, stage: ("recycled", t - 50 * day),
                   activities: [("page_view", 0, pricing)]),
            Person(email: "c12@acme.com", title: "Intern", employees: 50, created: t - 800 * day),
            Person(email: "c13@acme.com", title: "VP Sales", employees: 1_000, stage: ("sql", t - 25 * day),
                   laterStage: ("recycled", t - 15 * day), activities: [("demo_request", 25, nil)]),
        ]
        var ids: [Int64] = []
        try project.store.writeForTesting { db in
            for (index, person) in people.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO contacts (email, title, company, employees, lifecycle_stage, created_at, updated_at)
                        VALUES (?, ?, 'Acme', ?, ?, ?, ?)
                        """,
                    arguments: [person.email, person.title, person.employees, person.stage?.0, person.created,
                                person.stage?.1 ?? person.created])
                let id = db.lastInsertedRowID
                ids.append(id)
                for (number, activity) in person.activities.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO activities (contact_id, system, external_id, type, occurred_at, url, content_hash)
                            VALUES (?, 'test', ?, ?, ?, ?, 0)
                            """,
                        arguments: [id, "a\(index)-\(number)", activity.0, t - activity.1 * day, activity.2])
                }
            }
        }
        try score(project, asOf: t - 20 * day)
        try project.store.writeForTesting { db in
            for (id, person) in zip(ids, people) {
                guard let (stage, at) = person.laterStage else { continue }
                try db.execute(
                    sql: "UPDATE contacts SET lifecycle_stage = ?, updated_at = ? WHERE id = ?", arguments: [stage, at, id])
            }
        }
        try score(project, asOf: t)
    }

    static func score(_ project: TestProject, asOf: Int64) throws {
        let outcome = try LeadBridgeBinary.run(["score", "--as-of", UTCTime.iso8601(asOf)], in: project.root)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    }

    /// Every row of the tables scoring writes, to compare the store before and after an audit.
    static func scoringTables(_ project: TestProject) throws -> [String] {
        try project.store.read { db in
            try ["scores", "stage_transitions", "runs"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1").map { "\(table) \($0)" }
            }
        }
    }

    static func runAudit(_ project: TestProject, _ arguments: [String]) throws -> (ScoringAudit, [String: Any]) {
        let outcome = try LeadBridgeBinary.run(["audit", "--json"] + arguments, in: project.root)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let data = Data(outcome.stdout.utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(outcome.stdout)")
        return (try JSONDecoder().decode(ScoringAudit.self, from: data), json)
    }

    static func figures(_ evaluation: ModelEvaluation) -> ReferenceFigures {
        let s = evaluation.separation
        return ReferenceFigures(
            truePositives: s.truePositives, falsePositives: s.falsePositives, falseNegatives: s.falseNegatives,
            trueNegatives: s.trueNegatives, bands: evaluation.bands.map { [$0.contacts, $0.converted] },
            rules: Dictionary(uniqueKeysWithValues: evaluation.rules.map {
                ($0.id, [$0.firedConverted, $0.firedNotConverted, $0.otherConverted, $0.otherNotConverted])
            }),
            stages: evaluation.stages)
    }

    @Test func whatIfOnAHandBuiltStoreMatchesTheFiguresWorkedOutByHand() throws {
        try Self.handBuiltStore()
    }

    static func handBuiltStore() throws {
        // Given the small store, scored twice, and a candidate with a lower MQL total and heavier pricing views
        let project = try TestProject()
        try buildSmallStore(project)
        _ = try project.write("candidate.yml", candidate)
        let before = try scoringTables(project)

        // When the user audits the year to 2026-11-01 (the day c1 became an MQL) with the candidate
        let (audit, json) = try runAudit(
            project, ["--model", "candidate.yml", "--as-of", "2026-11-01", "--from", "2025-11-01", "--to", "2026-11-01"])

        // Then nothing in the store changed
        #expect(try scoringTables(project) == before)
        // And both models were evaluated as of the stored scores' time, on the 12 contacts in the window
        #expect(audit.evaluatedAt == t && audit.contacts == 12 && audit.outsideWindow == 1)
        let whatIf = try #require(audit.whatIf)
        #expect(whatIf.candidateFile == "candidate.yml")

        // Worked out by hand (fit: VP 30, 200–5000 employees 10, free mail −20; a demo request 40 and a pricing view
        // 10 (cap 20), halving every 30 days; a converter scored when sales took it, the others on 2026-11-01):
        //   c1 40+40=80 MQL lead · c2 30+20=50 · c3 (sql, taken 30 days ago: its demo 60 days ago counts 20, its
        //   pricing view 10 days ago came after) 40+20=60 MQL · c4 (customer) 20+40=60 MQL · c5 (sql) fit 10 · c6
        //   (opportunity) 30+min(30,20)=50 · c7 (sal, not converted) 40+37.32 MQL · c8 0 · c9 −10+20=10 ·
        //   c10 (disqualified) 40+20=60 MQL · c11 (recycled) 40+10=50 · c13 (sql, then recycled) 40+40=80 MQL.
        // Current: converters c3 c4 c13 qualified (TP 3), c5 c6 did not (FN 2); c1 c7 c10 qualified without
        // converting (FP 3); c2 c8 c9 c11 neither (TN 4).
        #expect(whatIf.current.separation == MQLSeparation(
            truePositives: 3, falsePositives: 3, falseNegatives: 2, trueNegatives: 4))
        #expect(whatIf.current.separation.mqlCount == 6 && whatIf.current.separation.precision == 0.5)
        #expect(abs(whatIf.current.separation.recall - 0.6) < 1e-12)
        #expect(abs(whatIf.current.separation.lift - 1.2) < 1e-12)
        // Candidate (total 45; pricing 15, cap 30): c6 30+30=60 now qualifies (TP 4, FN 1); c2 50 and c11 40+15=55
        // qualify without converting (FP 5); c9 has fit −10 (TN 2 with c8).
        #expect(whatIf.candidate.separation == MQLSeparation(
            truePositives: 4, falsePositives: 5, falseNegatives: 1, trueNegatives: 2))
        #expect(abs(whatIf.candidate.separation.precision - 4.0 / 9) < 1e-12)
        #expect(abs(whatIf.candidate.separation.recall - 0.8) < 1e-12)
        #expect(abs(whatIf.candidate.separation.lift - (4.0 / 9) / (5.0 / 12)) < 1e-12)
        // Bands <30, 30–60, 60+: contacts and converters
        #expect(whatIf.current.bands.map { [$0.contacts, $0.converted] } == [[2, 0], [4, 2], [6, 3]])
        #expect(whatIf.candidate.bands.map { [$0.contacts, $0.converted] } == [[2, 0], [3, 1], [7, 4]])
        // Stages on 2026-11-01: c2 lead → mql, c11 recycled → mql
        #expect(whatIf.stageChanges == [
            StageChange(from: "lead", to: "mql", count: 1), StageChange(from: "recycled", to: "mql", count: 1),
        ])
        #expect(whatIf.stageChangeCount == 2)
        // Which rules predict conversion: fired for converters, non-converters; not fired for converters, others
        // (c3's pricing view came after sales took it, so pricing fired for one converter only: c6)
        let byHand: [String: [Int]] = [
            "senior": [4, 5, 1, 2], "mid-market": [4, 5, 1, 2], "free-mail": [1, 1, 4, 6], "demo": [4, 4, 1, 3],
            "pricing": [1, 2, 4, 5],
        ]
        #expect(figures(whatIf.current).rules == byHand)
        #expect(figures(whatIf.candidate).rules == byHand)
        #expect(audit.rules == whatIf.current.rules)
        let demo = try #require(audit.rules.first { $0.id == "demo" })
        #expect(demo.fired == 8 && demo.firedRate == 0.5 && demo.notFired == 4 && demo.notFiredRate == 0.25)
        // Too few to judge at audit.min_sample 3: free-mail fired for 2 contacts; the <30 band holds 2
        #expect(audit.minSample == 3)
        let warnings = audit.warnings.filter { $0.figures != "stored" }.map(\.message)
        #expect(warnings.contains("rule free-mail: fired for too few contacts to judge (n = 2)"))
        #expect(warnings.contains("band <30: too few contacts to judge (n = 2)"))
        #expect(!warnings.contains { $0.hasPrefix("rule demo") || $0.hasPrefix("rule pricing") })

        // And the JSON states precision, recall and lift, and the rules' sample sizes and rates, as numbers
        let candidateJSON = (json["whatIf"] as? [String: Any])?["candidate"] as? [String: Any]
        let separation = candidateJSON?["separation"] as? [String: Any]
        #expect(separation?["mqlCount"] as? Int == 9 && separation?["recall"] as? Double == 0.8, "\(json)")
        let rules = candidateJSON?["rules"] as? [[String: Any]]
        #expect(rules?.first { $0["id"] as? String == "demo" }?["firedRate"] as? Double == 0.5)

        // And the independent recomputation from the README's rules agrees with the hand figures
        let freeMail = try #require(ScoringModel.load(path: project.path("candidate.yml")).lists["free_mail"])
        let reference = try ReferenceAudit(
            storePath: project.config.storePath, window: t - 365 * day..<t + day)
        let currentModel = referenceModel(total: 60, pricing: 10, pricingCap: 20, freeMail: Set(freeMail))
        let candidateModel = referenceModel(total: 45, pricing: 15, pricingCap: 30, freeMail: Set(freeMail))
        #expect(reference.figures(currentModel, bands: [30, 60]) == figures(whatIf.current))
        #expect(reference.figures(candidateModel, bands: [30, 60]) == figures(whatIf.candidate))
        #expect(reference.stageChanges(currentModel, candidateModel) == ["lead → mql": 1, "recycled → mql": 1])
    }

    @Test func whatIfOnSampleDataMatchesAnIndependentRecomputation() throws {
        try Self.sampleData()
    }

    /// The shipped scoring model, transcribed from `config/scoring.yml` (update both together).
    static func shippedModel(total: Double, lists: [String: [String]]) -> ReferenceModel {
        ReferenceModel(
            fit: [
                .init(id: "senior-title", field: "title",
                      condition: .matches("(?i)\\b(vp|vice president|director|head|chief|cto|cio|ceo|founder)\\b"),
                      points: 20),
                .init(id: "manager-title", field: "title", condition: .matches("(?i)\\bmanager\\b"), points: 10),
                .init(id: "not-a-buyer", field: "title", condition: .matches("(?i)\\b(student|intern|consultant)\\b"),
                      points: -15),
                .init(id: "mid-market", field: "employees", condition: .between(200, 4_999), points: 15),
                .init(id: "enterprise", field: "employees", condition: .between(5_000, 10_000_000), points: 10),
                .init(id: "very-small", field: "employees", condition: .between(1, 49), points: -10),
                .init(id: "target-industry", field: "industry", condition: .oneOf([
                    "software", "fintech", "information technology", "financial services", "banking",
                ]), points: 10),
                .init(id: "free-mail", field: "email", condition: .domainIn(Set(lists["free_mail"] ?? [])), points: -25),
                .init(id: "competitor", field: "email", condition: .domainIn(Set(lists["competitors"] ?? [])),
                      points: -50),
                .init(id: "no-company", field: "company", condition: .missing, points: -10),
            ],
            halfLifeDays: 30, engagementCap: 100,
            rules: [
                .init(id: "pricing-page", activity: "page_view", urlMatches: "/pricing", points: 10, cap: 30),
                .init(id: "evaluation-pages", activity: "page_view",
                      urlMatches: "/(security|compare|docs/api|integrations)", points: 4, cap: 16),
                .init(id: "demo-request", activity: "demo_request", points: 40),
                .init(id: "demo-form", activity: "form_fill", urlMatches: "/demo\\b", points: 25),
                .init(id: "form-fill", activity: "form_fill", points: 15, cap: 30),
                .init(id: "webinar-attended", activity: "webinar_attended", points: 12, cap: 24),
                .init(id: "webinar-registered", activity: "webinar_registered", points: 4, cap: 8),
                .init(id: "email-click", activity: "email_click", withinDays: 90, points: 3, cap: 15),
                .init(id: "email-open", activity: "email_open", withinDays: 30, points: 1, cap: 5),
                .init(id: "unsubscribe", activity: "unsubscribe", points: -30),
            ],
            mqlTotal: total, mqlFit: 20, mqlEngagement: 10)
    }

    static func sampleData() throws {
        // Given the demo's generated people and activities imported into the shipped project and scored with the
        // shipped model as of 2026-11-01, and a candidate that lowers the MQL total from 60 to 45
        let project = try TestProject()
        _ = try project.importFile(try project.generate(.genericContactsCSV, people: 0..<400), connection: "csv_export")
        _ = try project.importFile(
            try project.generate(.genericActivitiesCSV, people: 0..<400, activities: 8), connection: "csv_export",
            stream: .activities)
        try score(project, asOf: t)
        let shipped = try String(contentsOfFile: project.path("config/scoring.yml"), encoding: .utf8)
        #expect(shipped.contains("mql: { total: 60, min_fit: 20, min_engagement: 10 }"))
        _ = try project.write("candidate.yml", shipped.replacingOccurrences(
            of: "mql: { total: 60,", with: "mql: { total: 45,"))
        let before = try scoringTables(project)

        // When the user audits 2025-11-01 to 2026-10-31 with the candidate
        let (audit, _) = try runAudit(
            project, ["--model", "candidate.yml", "--as-of", "2026-11-01", "--from", "2025-11-01", "--to", "2026-10-31"])

        // Then the store is unchanged
        #expect(try scoringTables(project) == before)
        // And both columns equal the recomputation from the documented rules, on the same contacts
        let lists = try ScoringModel.load(path: project.path("config/scoring.yml")).lists
        let reference = try ReferenceAudit(
            storePath: project.config.storePath,
            window: ReviewWindow.dayStart("2025-11-01")!..<ReviewWindow.dayStart("2026-11-01")!)
        let whatIf = try #require(audit.whatIf)
        #expect(audit.evaluatedAt == reference.evaluatedAt)
        #expect(audit.contacts == reference.contacts.count && audit.contacts > 100)
        let bounds: [Double] = [20, 40, 60, 80, 100]
        let current = reference.figures(shippedModel(total: 60, lists: lists), bands: bounds)
        let candidate = reference.figures(shippedModel(total: 45, lists: lists), bands: bounds)
        #expect(figures(whatIf.current) == current)
        #expect(figures(whatIf.candidate) == candidate)
        #expect(Dictionary(uniqueKeysWithValues: whatIf.stageChanges.map { ("\($0.from) → \($0.to)", $0.count) })
            == reference.stageChanges(shippedModel(total: 60, lists: lists), shippedModel(total: 45, lists: lists)))
        // And the figures are not trivial: there are converters, and the lower total makes more MQLs
        #expect(current.truePositives + current.falseNegatives > 5)
        #expect(candidate.mqlCount > current.mqlCount && whatIf.stageChangeCount > 0)
        #expect(abs(whatIf.candidate.separation.lift - candidate.lift) < 1e-12)
        #expect(abs(whatIf.current.separation.precision - current.precision) < 1e-12)
        #expect(abs(whatIf.current.separation.recall - current.recall) < 1e-12)
    }

    @Test func aCandidateWithProblemsIsAUsageErrorAtItsLine() throws {
        try Self.brokenCandidate()
    }

    static func brokenCandidate() throws {
        // Given a candidate whose MQL total is not a number, on its line 14
        let project = try TestProject()
        try buildSmallStore(project)
        let broken = candidate.replacingOccurrences(of: "mql: { total: 45", with: "mql: { total: sixty")
        _ = try project.write("candidate.yml", broken)
        let line = try #require(broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("sixty") }) + 1

        // When the user audits with it
        let outcome = try LeadBridgeBinary.run(["audit", "--model", "candidate.yml"], in: project.root)

        // Then it exits 2 naming the file and line, and prints no audit
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("problem(s) in the candidate model candidate.yml; nothing was audited"))
        #expect(outcome.stderr.contains("candidate.yml:\(line):"), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)

        // And a candidate file that is not there says so
        let missing = try LeadBridgeBinary.run(["audit", "--model", "nope.yml"], in: project.root)
        #expect(missing.status == 2 && missing.stderr.contains("nope.yml"), "\(missing.stderr)")
    }

    @Test func theTextShowsBothColumnsTheStageChangesTheRulesAndTheWarnings() throws {
        try Self.textAndHTML()
    }

    static func textAndHTML() throws {
        // Given the small store and the candidate
        let project = try TestProject()
        try buildSmallStore(project)
        _ = try project.write("candidate.yml", candidate)

        // When the user audits in text with --min-sample 5 and an HTML report
        let outcome = try LeadBridgeBinary.run(
            ["audit", "--model", "candidate.yml", "--as-of", "2026-11-01", "--from", "2025-11-01", "--to",
             "2026-11-01", "--min-sample", "5", "--html", "audit.html"], in: project.root)

        // Then the text has both columns, the stage changes and the rule tables, with the warnings of --min-sample
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let text = outcome.stdout
        #expect(text.contains("What if: candidate.yml"))
        #expect(text.range(of: #"MQLs \(met the MQL rule\)\s+6\s+9"#, options: .regularExpression) != nil, "\(text)")
        #expect(text.range(of: #"precision\s+50\.0%\s+44\.4%"#, options: .regularExpression) != nil)
        #expect(text.range(of: #"recall\s+60\.0%\s+80\.0%"#, options: .regularExpression) != nil)
        #expect(text.range(of: #"lift\s+1\.20×\s+1\.07×"#, options: .regularExpression) != nil)
        #expect(text.contains(
            "Stage changes if the candidate were signed: 2 contacts (lead → mql: 1, recycled → mql: 1)."))
        #expect(text.range(of: #"demo\s+40\s+4\s+4\s+50\.0% \(n = 8\)\s+25\.0% \(n = 4\)"#, options: .regularExpression)
            != nil)
        #expect(text.contains("warning: current model: rule pricing: fired for too few contacts to judge (n = 3)"))
        #expect(text.contains("warning: candidate model: rule pricing: fired for too few contacts to judge (n = 3)"))
        #expect(!text.contains("rule demo: fired for too few"))
        // And the HTML report has the comparison and the rule table, escaped
        let html = try String(contentsOfFile: project.path("audit.html"), encoding: .utf8)
        #expect(html.contains("<h2>What if: candidate.yml</h2>") && html.contains("<h2>Which rules predict conversion</h2>"))
        #expect(html.contains("<tr><th>MQLs (met the MQL rule)</th><td class=\"n\">6</td><td class=\"n\">9</td></tr>"))
        #expect(html.contains("lead → mql: 1, recycled → mql: 1"))
        #expect(html.contains("rule pricing: fired for too few contacts to judge (n = 3)"))

        // And a candidate's own bands and minimum sample are not used, and are listed as such
        _ = try project.write("other.yml", candidate.replacingOccurrences(of: "bands: [30, 60]", with: "bands: [50]")
            .replacingOccurrences(of: "min_sample: 3", with: "min_sample: 9"))
        let (audit, _) = try runAudit(project, ["--model", "other.yml", "--from", "2025-11-01", "--to", "2026-11-01"])
        #expect(audit.whatIf?.ignored == [
            "bands: [50] (both are shown in [30, 60])", "audit.min_sample: 9 (the audit uses 3)",
        ])
        #expect(audit.whatIf?.candidate.bands.map(\.label) == ["<30", "30–60", "60+"] && audit.minSample == 3)
    }
}

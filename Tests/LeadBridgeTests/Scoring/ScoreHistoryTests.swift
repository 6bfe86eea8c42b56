import Foundation
import GRDB
import Testing

@testable import LeadBridge

private let asOf = ScoringTestStore.asOf
private let day = ScoringTestStore.day

/// The score history: one row per change of a contact's score, written by the scoring pass with the score, read
/// back as a trajectory in as-of order.
@Suite struct ScoreHistoryTests {

    /// A VP scores fit 20; a demo request is worth 40, halving every 30 days; MQL at 60 with fit 20, engagement 10.
    static func decayingModel() throws -> ScoringModel {
        try ScoringTestStore.model(
            fit: #"[ { name: vp, field: title, matches: "(?i)\\bvp\\b", points: 20 } ]"#,
            engagement: "half_life_days: 30\nrules: [ { name: demo, activity: demo_request, points: 40 } ]")
    }

    /// Every history row of a contact, oldest first.
    static func rows(_ fixture: ScoringTestStore, _ contact: Int64) throws -> [ScoreHistoryEntry] {
        try fixture.store.scoreHistory(contact: String(contact))?.steps.map(\.entry) ?? []
    }

    static func count(_ fixture: ScoringTestStore) throws -> Int {
        try fixture.store.scoreHistoryRowCount()
    }

    @Test func theFirstScoreWritesOneRowPerContactAndANoChangeRescoreWritesNone() throws {
        try Self.firstScoreThenRescore()
    }

    static func firstScoreThenRescore() throws {
        try ScoringTestStore.with { fixture in
            // Given 60 generated contacts with activities
            try ScoringPassTests.seed(fixture, people: 60)
            let model = ScoringModel.default
            // When they are scored
            let first = try fixture.store.score(model: model, asOf: asOf, batchSize: 7)
            // Then each has one history row, equal to its stored score
            #expect(first.historyRows == 60)
            #expect(try Self.count(fixture) == 60)
            let mismatched = try fixture.store.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM scores s LEFT JOIN score_history h
                        ON h.contact_id = s.contact_id AND h.as_of = s.computed_at AND h.model_hash = s.model_hash
                    WHERE h.contact_id IS NULL OR h.fit != s.fit OR h.engagement != s.engagement
                        OR h.total != s.total OR h.grade != s.grade OR h.stage != s.stage
                    """)
            }
            #expect(mismatched == 0)
            let before = try fixture.dump()
            // When they are scored again with no new data, at the same time
            let again = try fixture.store.score(model: model, asOf: asOf)
            // Then nothing is written: no score, no history row
            #expect(again.historyRows == 0 && again.changed == 0)
            #expect(try Self.count(fixture) == 60)
            #expect(try fixture.dump() == before)
        }
    }

    @Test func aNewActivityWritesOneRowForItsContactOnly() throws {
        try ScoringTestStore.with { fixture in
            // Given three VPs scored without decay (so that a later as-of time changes nothing by itself)
            let model = try ScoringTestStore.model(
                fit: #"[ { field: title, matches: "(?i)\\bvp\\b", points: 20 } ]"#,
                engagement: "rules: [ { activity: form_fill, points: 15 } ]")
            let ids = try (1...3).map { try fixture.addContact(["email": "vp\($0)@acme.com", "title": "VP"]) }
            _ = try fixture.store.score(model: model, asOf: asOf - 10 * day)
            // When the second one fills a form and all are scored ten days later
            try fixture.addActivity(contact: ids[1], type: "form_fill", daysAgo: 1)
            let later = try fixture.store.score(model: model, asOf: asOf)
            // Then one history row is written, for that contact: 20 + 15 = 35
            #expect(later.historyRows == 1 && later.changed == 1)
            #expect(try Self.count(fixture) == 4)
            let rows = try Self.rows(fixture, ids[1])
            #expect(rows.count == 2)
            #expect(rows.last?.asOf == asOf && rows.last?.total == 35 && rows.last?.engagement == 15)
            #expect(try Self.rows(fixture, ids[0]).count == 1 && (try Self.rows(fixture, ids[2]).count) == 1)
        }
    }

    @Test func decayByAFractionOfAPointWritesTheScoreButNoHistoryRow() throws {
        try ScoringTestStore.with { fixture in
            // Given a demo request worth 41 points, halving every 30 days, made at `asOf`
            let model = try ScoringTestStore.model(
                engagement: "half_life_days: 30\nrules: [ { activity: demo_request, points: 41 } ]")
            let id = try fixture.addContact(["email": "ann@acme.com"])
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 0)
            _ = try fixture.store.score(model: model, asOf: asOf)
            // When it is scored 6 hours later: 41 × 0.5^(0.25/30) = 40.76, still 41 in whole points
            let hours = try fixture.store.score(model: model, asOf: asOf + 6 * 3_600)
            // Then the score row is rewritten, but the history keeps its one row
            #expect(hours.changed == 1 && hours.historyRows == 0)
            // When it is scored 30 days later: 20.5, which is 21 in whole points
            let month = try fixture.store.score(model: model, asOf: asOf + 30 * day)
            // Then that is a change the history keeps, with the exact value
            #expect(month.historyRows == 1)
            let rows = try Self.rows(fixture, id)
            #expect(rows.map(\.asOf) == [asOf, asOf + 30 * day])
            #expect(abs((rows.last?.engagement ?? 0) - 20.5) < 0.01, "\(rows)")
        }
    }

    @Test func dataChangedAtTheSameAsOfTimeReplacesThatRow() throws {
        try ScoringTestStore.with { fixture in
            // Given a VP scored as of a time
            let model = try Self.decayingModel()
            let id = try fixture.addContact(["email": "vp@acme.com", "title": "VP"])
            _ = try fixture.store.score(model: model, asOf: asOf)
            // When a demo request of that day arrives late and the same time is scored again
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 0)
            let again = try fixture.store.score(model: model, asOf: asOf)
            // Then the row of that time and model holds the new score (one row written, none added)
            #expect(again.historyRows == 1)
            let rows = try Self.rows(fixture, id)
            #expect(rows.count == 1)
            #expect(rows.first?.total == 60 && rows.first?.stage == "mql")
        }
    }

    @Test func aBackfillRunOutOfOrderGivesTheTrajectoryInAsOfOrder() throws {
        try Self.backfillOutOfOrder()
    }

    static func backfillOutOfOrder() throws {
        try ScoringTestStore.with { fixture in
            // Given a VP (fit 20, grade C) who asked for a demo 60 days before `asOf`, and a constant contact
            let model = try Self.decayingModel()
            let vp = try fixture.addContact(["email": "vp@acme.com", "title": "VP"])
            let other = try fixture.addContact(["email": "ann@acme.com", "title": "Analyst"])
            try fixture.addActivity(contact: vp, type: "demo_request", daysAgo: 60)
            let (d1, d2, d3) = (asOf - 60 * day, asOf - 30 * day, asOf)
            // When the days are scored out of order: the latest first, then the earliest, then the middle one
            for day in [d3, d1, d2] { _ = try fixture.store.score(model: model, asOf: day, decidedAt: day) }

            // Then the trajectory is in as-of order, with the values of each day:
            // d1 the demo is fresh: 40, total 60, an MQL; d2 30 days old: 20, total 40, a lead again; d3: 10, 30
            let history = try #require(try fixture.store.scoreHistory(contact: "VP@acme.com"))
            #expect(history.contactID == vp && history.email == "vp@acme.com")
            let entries = history.steps.map(\.entry)
            #expect(entries.map(\.asOf) == [d1, d2, d3])
            #expect(entries.map(\.fit) == [20, 20, 20])
            #expect(entries.map(\.engagement) == [40, 20, 10])
            #expect(entries.map(\.total) == [60, 40, 30])
            #expect(entries.map(\.grade) == ["C", "C", "C"])
            #expect(entries.map(\.stage) == ["mql", "lead", "lead"])
            #expect(entries.allSatisfy { $0.modelHash == model.hash })
            #expect(entries.map(\.decidedAt) == [d1, d2, d3])
            // And each row says what changed from the one before it
            #expect(history.steps[0].changes.isEmpty)
            #expect(history.steps[1].changes == [
                .init(field: "stage", from: "mql", to: "lead"), .init(field: "total", from: "60", to: "40"),
                .init(field: "engagement", from: "40", to: "20"),
            ])
            #expect(history.steps[2].changes == [
                .init(field: "total", from: "40", to: "30"), .init(field: "engagement", from: "20", to: "10"),
            ])
            // And the constant contact has a row as of the first day scored and the earliest day, not the middle one
            // (as of d2 its score is the one of d1)
            #expect(try fixture.store.scoreHistory(contact: String(other))?.steps.map(\.entry.asOf) == [d1, d3])
            // And scoring a backfilled day again writes nothing
            let again = try fixture.store.score(model: model, asOf: d2, decidedAt: d2)
            #expect(again.historyRows == 0 && again.changed == 0)
        }
    }

    @Test func aPassAfterABackfillComparesWithTheHistoryNotTheBackfilledScores() throws {
        try Self.passAfterBackfill()
    }

    static func passAfterBackfill() throws {
        try ScoringTestStore.with { fixture in
            // Given a model without decay whose only rule counts form fills of the last 10 days, and a contact who
            // filled a form 41 days before `asOf` (d2 is a day later) and another one 1 day before (d6 is `asOf`)
            let model = try ScoringTestStore.model(
                engagement: "rules: [ { activity: form_fill, points: 15, within_days: 10 } ]")
            let id = try fixture.addContact(["email": "ann@acme.com"])
            try fixture.addActivity(contact: id, type: "form_fill", daysAgo: 41)
            try fixture.addActivity(contact: id, type: "form_fill", daysAgo: 1)
            let (d2, d5, d6) = (asOf - 40 * day, asOf - 20 * day, asOf)
            // When d5 (no recent form: 0) is scored, then d2 is backfilled (15, rewriting the stored score)
            _ = try fixture.store.score(model: model, asOf: d5)
            let backfill = try fixture.store.score(model: model, asOf: d2)
            #expect(backfill.historyRows == 1 && backfill.changed == 1)
            // And then d6 (15 again: the same as the stored score, but not as the latest row, d5's 0)
            let after = try fixture.store.score(model: model, asOf: d6)
            // Then d6 gets its row: the trajectory reads 15, 0, 15
            #expect(after.historyRows == 1)
            let entries = try #require(try fixture.store.scoreHistory(contact: String(id))).steps.map(\.entry)
            #expect(entries.map(\.asOf) == [d2, d5, d6])
            #expect(entries.map(\.engagement) == [15, 0, 15])
            // And the next pass compares with the stored scores again and writes nothing
            #expect(try fixture.store.score(model: model, asOf: d6 + day).historyRows == 0)
            let inStep = try fixture.store.read { db in
                try Bool.fetchOne(db, sql: "SELECT in_step FROM score_history_state")
            }
            #expect(inStep == true)
        }
    }

    @Test func anotherModelWritesARowPerContactAndBothModelsKeepTheirRows() throws {
        try ScoringTestStore.with { fixture in
            // Given two VPs scored with one model
            let one = try Self.decayingModel()
            let two = try ScoringTestStore.model(
                fit: #"[ { name: vp, field: title, matches: "(?i)\\bvp\\b", points: 30 } ]"#,
                engagement: "half_life_days: 30\nrules: [ { name: demo, activity: demo_request, points: 40 } ]")
            #expect(one.hash != two.hash)
            for index in 1...2 { try fixture.addContact(["email": "vp\(index)@acme.com", "title": "VP"]) }
            _ = try fixture.store.score(model: one, asOf: asOf, decidedAt: 100)
            // When the same time is scored with another model, then with the first one again
            let changed = try fixture.store.score(model: two, asOf: asOf, decidedAt: 200)
            let back = try fixture.store.score(model: one, asOf: asOf, decidedAt: 300)
            // Then each pass writes a row per contact (the model is part of the score)
            #expect(changed.historyRows == 2 && back.historyRows == 2)
            #expect(try Self.count(fixture) == 4)
            // And the trajectory lists both models at that time in the order they ran
            let steps = try #require(try fixture.store.scoreHistory(contact: "vp1@acme.com")).steps
            #expect(steps.map(\.entry.modelHash) == [two.hash, one.hash])
            #expect(steps.map(\.entry.fit) == [30, 20])
            #expect(steps[1].changes == [
                .init(field: "grade", from: "B", to: "C"), .init(field: "total", from: "30", to: "20"),
                .init(field: "fit", from: "30", to: "20"), .init(field: "model", from: two.hash, to: one.hash),
            ])
        }
    }

    @Test func theMigrationSeedsTheHistoryWithTheStoredScores() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let model = try Self.decayingModel()
        // Given a store at schema v10 holding one score, computed 10 days before `asOf`
        try LeadStore.migrator.migrate(try DatabaseQueue(path: path), upTo: "v10-stage-dates")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                INSERT INTO contacts (id, email, title, updated_at) VALUES (1, 'vp@acme.com', 'VP', 0);
                INSERT INTO scores (contact_id, fit, engagement, total, grade, stage, model_hash, computed_at,
                    explanation, decided_at)
                VALUES (1, 20, 0, 20, 'C', 'lead', ?, ?, '{}', ?);
                """, arguments: [model.hash, asOf - 10 * day, asOf - 9 * day])
        }
        // When it is opened by this version
        let store = try LeadStore(path: path)
        // Then the history starts with that score
        let history = try #require(try store.scoreHistory(contact: "1"))
        #expect(history.steps.map(\.entry) == [
            ScoreHistoryEntry(
                asOf: asOf - 10 * day, modelHash: model.hash, fit: 20, engagement: 0, total: 20, grade: "C",
                stage: "lead", decidedAt: asOf - 9 * day),
        ])
        // And a pass that finds the same score later writes no row (only its explanation is rewritten)
        let summary = try store.score(model: model, asOf: asOf)
        #expect(summary.historyRows == 0)
        #expect(try store.scoreHistoryRowCount() == 1)
    }

    @Test func aContactWithoutHistoryHasAnEmptyTrajectoryAndAnUnknownOneNone() throws {
        try ScoringTestStore.with { fixture in
            try fixture.addContact(["email": "ann@acme.com", "first_name": "Ann"])
            let history = try #require(try fixture.store.scoreHistory(contact: "ann@acme.com"))
            #expect(history.steps.isEmpty && history.name == "Ann")
            #expect(try fixture.store.scoreHistory(contact: "nobody@acme.com") == nil)
        }
    }

    @Test func theScoreRunCountsTheRowsWrittenAndHeld() throws {
        try ScoringTestStore.with { fixture in
            // Given three contacts, scored once
            for index in 1...3 { try fixture.addContact(["email": "p\(index)@acme.com", "title": "VP"]) }
            let model = try Self.decayingModel()
            _ = try ScoreJob(store: fixture.store, model: model, asOf: asOf).run(.fixed(at: asOf))
            // When one's title changes and the job runs again
            try fixture.store.writeForTesting { db in
                try db.execute(sql: "UPDATE contacts SET title = 'CTO' WHERE id = 2")
            }
            let summary = try ScoreJob(store: fixture.store, model: model, asOf: asOf + day).run(.fixed(at: asOf))
            // Then the summary and the run say one row was written and four are held
            #expect(summary.historyRows == 1 && summary.historyRowsHeld == 4)
            let run = try #require(try fixture.store.recentRuns(limit: 1).first)
            #expect(run.counts["history_rows"] == 1 && run.counts["history_rows_held"] == 4)
        }
    }

    @Test func theHistoryRoundTripsThroughJSONWithItsChangesBesideTheRow() throws {
        let entries = [
            ScoreHistoryEntry(
                asOf: 1, modelHash: "aa", fit: 20, engagement: 12.5, total: 32.5, grade: "C", stage: "lead",
                decidedAt: nil),
            ScoreHistoryEntry(
                asOf: 2, modelHash: "aa", fit: 20, engagement: 40, total: 60, grade: "C", stage: "mql", decidedAt: 3),
        ]
        let history = ScoreHistory(contactID: 7, email: "a@b.c", name: nil, entries: entries)
        #expect(history.steps[1].changes == [
            .init(field: "stage", from: "lead", to: "mql"), .init(field: "total", from: "32.50", to: "60"),
            .init(field: "engagement", from: "12.50", to: "40"),
        ])
        let data = try JSONEncoder().encode(history)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let steps = object?["steps"] as? [[String: Any]]
        #expect(steps?[1]["total"] as? Double == 60 && (steps?[1]["changes"] as? [Any])?.count == 3)
        #expect(try JSONDecoder().decode(ScoreHistory.self, from: data) == history)
    }
}

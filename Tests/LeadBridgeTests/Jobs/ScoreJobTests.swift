import Foundation
import GRDB
import Testing

@testable import LeadBridge

/// The `score` job records its run on every exit path.
@Suite struct ScoreJobTests {
    static let startedAt: Int64 = 1_793_500_000

    /// Five contacts, ids 1 to 5.
    static func addContacts(_ fixture: ScoringTestStore) throws {
        for index in 1...5 {
            try fixture.addContact(["email": "p\(index)@acme.com", "title": "VP Sales", "employees": 500])
        }
    }

    @Test func aPassThatEndsRecordsAnOkRunWithItsCounts() throws {
        try ScoringTestStore.with { fixture in
            // Given a store with contacts
            try Self.addContacts(fixture)
            // When the job scores them
            let job = ScoreJob(store: fixture.store, model: .default, asOf: ScoringTestStore.asOf, batchSize: 2)
            let summary = try job.run(.fixed(at: Self.startedAt))
            // Then its run is `ok`, with the summary's counts and the environment's time
            let run = try #require(try fixture.store.recentRuns(limit: 1).first)
            #expect(summary.contacts == 5)
            #expect(run.command == "score")
            #expect(run.status == .ok)
            #expect(run.startedAt == Self.startedAt)
            #expect(run.finishedAt == Self.startedAt)
            #expect(run.counts["contacts"] == 5)
            #expect(run.counts["changed"] == 5)
            // And each score says when it was decided, beside the time it is as of
            let decided = try fixture.store.read { db in
                try Int64.fetchAll(db, sql: "SELECT DISTINCT decided_at FROM scores")
            }
            #expect(decided == [Self.startedAt])
        }
    }

    @Test func aPassThatFailsMidwayRecordsAFailedRunWithTheReason() throws {
        try ScoringTestStore.with { fixture in
            // Given five contacts, and a database that refuses the score of the last one (a trigger, added through
            // a connection of its own as another program could)
            try Self.addContacts(fixture)
            let other = try DatabaseQueue(path: fixture.directory.appendingPathComponent("leadbridge.sqlite").path)
            try other.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER refuse_last_score BEFORE INSERT ON scores WHEN NEW.contact_id = 5
                    BEGIN SELECT RAISE(ABORT, 'disk says no to contact 5'); END
                    """)
            }
            // When the job scores them two per transaction
            let job = ScoreJob(store: fixture.store, model: .default, asOf: ScoringTestStore.asOf, batchSize: 2)
            #expect(throws: StoreError.self) { try job.run(.fixed(at: Self.startedAt)) }
            // Then the run is `failed`, not left `running`, and says why
            let run = try #require(try fixture.store.recentRuns(limit: 1).first)
            #expect(run.command == "score")
            #expect(run.status == .failed)
            #expect(run.finishedAt == Self.startedAt)
            let message = try #require(run.message)
            #expect(message.contains("disk says no to contact 5"))
            #expect(message.components(separatedBy: "disk says no").count == 2, "the cause is said once: \(message)")
            // And it failed midway: the batches before the refused one are stored
            #expect(try fixture.store.counts()["scores"] == 4)
        }
    }
}

import Foundation
import GRDB
import LeadBridge
import Testing

/// `leadbridge score` that fails midway leaves its run `failed`, with the reason, and exits 1.
@Suite(.timeLimit(.minutes(3))) struct ScoreFailureTests {
    @Test func aScoreThatFailsMidwayIsRecordedAsFailed() throws {
        // Given a project with imported contacts, whose database refuses to store one contact's score (a trigger
        // added through a connection of its own)
        let project = try TestProject()
        let file = try project.generate(.genericContactsCSV, people: 0..<50)
        let imported = try project.importFile(file, connection: "csv_export")
        #expect(imported.created == 50)
        try DatabaseQueue(path: project.config.storePath).write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_a_score BEFORE INSERT ON scores WHEN NEW.contact_id = 40
                BEGIN SELECT RAISE(ABORT, 'contact 40 cannot be scored'); END
                """)
        }

        // When `score` runs
        let outcome = try LeadBridgeBinary.run(["score"], in: project.root)

        // Then it exits 1 naming the cause, and its run is failed with that message instead of left running
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("contact 40 cannot be scored"), "\(outcome.stderr)")
        let run = try #require(try project.store.recentRuns(limit: 1).first)
        #expect(run.command == "score")
        #expect(run.status == .failed)
        #expect(run.finishedAt != nil)
        #expect(run.message?.contains("contact 40 cannot be scored") == true, "\(run.message ?? "no message")")
    }
}

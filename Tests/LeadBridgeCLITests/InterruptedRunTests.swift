import Foundation
import GRDB
import LeadBridge
import Testing

/// A run killed with `kill -9` cannot record how it ended; the next run notices its process is gone.
@Suite(.timeLimit(.minutes(3))) struct InterruptedRunTests {
    @Test func aKilledImportIsMarkedInterruptedByTheNextRunAndRunsShowsIt() throws {
        // Given an import killed with SIGKILL after its first commits
        let project = try TestProject()
        let file = try project.generate(.genericContactsCSV, people: 0..<20_000)
        let (stored, killedPID) = try project.importKilledAfterFirstCommit(file)
        #expect(stored > 0, "the import was killed before its first commit")
        #expect(try statuses(project) == ["running"], "the import finished before the kill; use a larger file")

        // When the next import runs
        let rerun = try LeadBridgeBinary.run(["import", "csv_export", file], in: project.root)

        // Then the killed run is interrupted, the new one ok, and `leadbridge runs` says so
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try statuses(project) == ["interrupted", "ok"])
        let runs = try LeadBridgeBinary.run(["runs"], in: project.root)
        #expect(runs.status == 0, "\(runs.stderr)")
        let firstRun = runs.stdout.split(separator: "\n").first { $0.hasPrefix("1 ") }
        #expect(firstRun?.contains("interrupted") == true, "\(runs.stdout)")
        let pid = try project.store.read { db in
            try Int64.fetchOne(db, sql: "SELECT pid FROM runs WHERE id = 1")
        }
        #expect(pid == Int64(killedPID), "the killed run did not record its process")
    }

    private func statuses(_ project: TestProject) throws -> [String] {
        try project.store.read { db in try String.fetchAll(db, sql: "SELECT status FROM runs ORDER BY id") }
    }
}

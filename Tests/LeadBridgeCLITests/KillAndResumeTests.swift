import Foundation
import GRDB
import LeadBridge
import LeadBridgeSampleData
import Testing

/// A `kill -9` in the middle of an import loses nothing: the next run ends with exactly the content of a clean run.
@Suite(.timeLimit(.minutes(3))) struct KillAndResumeTests {
    @Test func killedImportThenRerunEqualsACleanImport() throws {
        // Given the same export in two projects
        let clean = try TestProject()
        let killed = try TestProject()
        let people = 0..<20_000
        let cleanFile = try clean.generate(.genericContactsCSV, people: people)
        let killedFile = try killed.generate(.genericContactsCSV, people: people)

        // When one import is killed after its first commits and then run again
        _ = try killed.importKilledAfterFirstCommit(killedFile)
        let partial = try killed.store.counts()["contacts"] ?? 0
        #expect(partial > 0, "the import was killed before its first commit")
        #expect(partial < people.count, "the import finished before the kill; use a larger file")
        let rerun = try LeadBridgeBinary.run(["import", "csv_export", killedFile], in: killed.root)
        let once = try LeadBridgeBinary.run(["import", "csv_export", cleanFile], in: clean.root)

        // Then both stores hold the same people, links and values
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(once.status == 0, "\(once.stderr)")
        #expect(try content(killed) == content(clean))
        #expect(try killed.store.counts()["contacts"] == people.count)
    }

    /// The canonical content, without the times each run wrote.
    private func content(_ project: TestProject) throws -> [String] {
        let columns = (["id"] + CanonicalField.allCases.map(\.rawValue) + ["extra", "field_ranks"]).joined(separator: ", ")
        return try project.store.read { db in
            try Row.fetchAll(db, sql: "SELECT \(columns) FROM contacts ORDER BY id").map { "\($0)" }
                + Row.fetchAll(db, sql: """
                    SELECT system, object, external_id, contact_id, remote_modified_at, content_hash
                    FROM source_links ORDER BY 1, 2, 3
                    """).map { "\($0)" }
        }
    }
}

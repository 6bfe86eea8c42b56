import Foundation
import LeadBridge
import LeadBridgeConnectors
import Logging
import Testing

/// `ImportJob` and `PreviewJob`: the logic `import` and `preview` hand to the library.
@Suite struct ImportJobTests {
    static let now: Int64 = 1_790_000_000

    static var environment: JobEnvironment {
        JobEnvironment(
            now: { now }, clock: ContinuousClock(),
            logger: Logger(label: "leadbridge.test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test func anImportRecordsItsRunAtTheEnvironmentsTime() throws {
        // Given a generated contacts file with one record whose email is not an address
        let project = try TestProject()
        let file = try project.generate(.genericContactsCSV, people: 0..<30)
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let firstEmail = project.generator.person(at: 0).email
        #expect(text.contains(firstEmail))
        text = text.replacingOccurrences(of: firstEmail, with: "not-an-address")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let mapping = try project.mapping("csv_export")
        var reader = try ExportSource.open(path: file, mapping: mapping, stream: .contacts)
        // When the job imports it, committing every 7 records
        let job = ImportJob(
            store: project.store, mapping: mapping, connection: "csv_export", source: file, commitEvery: 7)
        let report = try job.run(reader: &reader, environment: Self.environment)
        // Then 29 are stored, one rejected, and the run is partial, stamped with the environment's time
        #expect(report.created == 29)
        #expect(report.rejected == 1)
        let run = try #require(try project.store.recentRuns(limit: 1).first)
        #expect(run.id == report.runID)
        #expect(run.command == "import")
        #expect(run.status == .partial)
        #expect(run.startedAt == Self.now)
        #expect(run.finishedAt == Self.now)
        #expect(try project.store.rejects(runID: report.runID).count == 1)
    }

    @Test func aMappingThatDoesNotFitTheFileStopsBothJobsBeforeAnything() throws {
        // Given a CSV file whose header lacks every field the mapping reads
        let project = try TestProject()
        let file = try project.write("other.csv", "Foo,Bar\n1,2\n")
        let mapping = try project.mapping("csv_export")
        // When it is previewed and imported
        var previewReader = try ExportSource.open(path: file, mapping: mapping, stream: .contacts)
        let preview = PreviewJob(mapping: mapping, connection: "csv_export", source: file)
        var importReader = try ExportSource.open(path: file, mapping: mapping, stream: .contacts)
        let job = ImportJob(store: project.store, mapping: mapping, connection: "csv_export", source: file)
        // Then both refuse with the mismatch, and no run is recorded
        #expect {
            _ = try preview.run(reader: &previewReader)
        } throws: { error in
            guard case ImportError.mappingMismatch(let mismatch) = error else { return false }
            return mismatch.description.contains("other.csv")
        }
        #expect {
            _ = try job.run(reader: &importReader, environment: Self.environment)
        } throws: { error in
            guard case ImportError.mappingMismatch = error else { return false }
            return true
        }
        #expect(try project.store.recentRuns().isEmpty)
    }
}

import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an export file (CSV, NDJSON, JSON, XML) into the store through a connection's mapping.",
        discussion: """
            Prints what happened: read, created, updated, unchanged, skipped, rejected. Rejected records are kept \
            in the store's `rejects` table with their reason and raw data. Importing the same file again changes \
            nothing. Exit code 3 when records were rejected, 1 when the file broke off (what came before is stored), \
            2 when the mapping does not fit the file (a CSV column or the XML record element it names is missing).
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var source: FileSourceOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: ArgumentHelp(
        "Records per transaction.",
        discussion: "A kill loses at most this many records, which the next run imports. Larger is faster, except "
            + "in a first import into an empty store, which commits at least every 20,000 records."))
    var commitEvery = 100_000

    func validate() throws {
        guard commitEvery >= 1 else { throw ValidationError("--commit-every must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let config = try global.loadConfig()
            var (connection, mapping, reader) = try source.open(config)
            let store = try global.openStore(config)
            let job = ImportJob(
                store: store, mapping: mapping, connection: connection.name, stream: source.stream,
                source: source.file, commitEvery: commitEvery)
            let report = try job.run(
                reader: &reader, environment: .commandLine("import"),
                progress: json ? nil : Output.progress("importing \(source.file)"))
            Output.endProgress()
            render(report)
            if report.stoppedBy != nil { throw CLIExit.failure }
            if report.rejected > 0 { throw CLIExit.partial }
        }
    }

    private func render(_ report: ImportReport) {
        if json {
            var object: [String: Any] = report.counts
            object["run_id"] = report.runID
            object["connection"] = report.connection
            object["stream"] = report.stream.rawValue
            object["source"] = report.source
            object["seconds"] = report.seconds
            object["rejects_by_code"] = report.rejectsByCode
            object["rejections"] = report.sampleRejections.map(\.description)
            if let stopped = report.stoppedBy { object["stopped_by"] = stopped.description }
            Output.json(object)
            return
        }
        let rate = report.seconds > 0 ? Int(Double(report.read) / report.seconds) : 0
        print("""
            imported \(report.source) through \(report.connection) (\(report.stream.rawValue)), run \(report.runID)
              read      \(report.read.formatted())
              created   \(report.created.formatted())
              updated   \(report.updated.formatted())
              unchanged \(report.unchanged.formatted())
            """)
        if report.skipped > 0 { print("  skipped   \(report.skipped.formatted())  (types mapped to skip)") }
        print("  rejected  \(report.rejected.formatted())")
        print(String(format: "  %.2f s, %@ records/s", report.seconds, rate.formatted()))
        if report.rejected > 0 {
            print("rejects by reason:")
            for (code, count) in report.rejectsByCode.sorted(by: { $0.value > $1.value }) {
                print("  \(count.formatted())  \(code)")
            }
            print("first rejects (all are in the store's rejects table, run \(report.runID)):")
            for rejection in report.sampleRejections.prefix(10) { print("  \(rejection)") }
        }
        if let stopped = report.stoppedBy {
            printError("error: the file could not be read to its end: \(stopped)")
            printError("everything before that point is stored; fix or re-export the file and import it again")
        }
    }
}

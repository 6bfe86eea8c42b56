import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors
import Logging
import Synchronization

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull changed contacts from the API connections (HubSpot, Salesforce) into the store.",
        discussion: """
            Each stream resumes from its stored cursor, a lookback window (lookback_minutes, default 5) before it; \
            --full reads everything again. Re-reading is harmless: stored records come back unchanged. When a \
            connection's api_budget_per_run is spent the pull stops cleanly and the next run resumes. Rejected \
            records are read again by key on the next pull (after the mapping is fixed, they come in). Exit code 2 \
            for bad credentials, a wrong base URL or a mapping that names unknown fields; 3 when records were \
            rejected or a budget stopped the run early; 1 for other failures.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Connections to pull (default: every HubSpot and Salesforce connection).")
    var connections: [String] = []

    @Flag(help: "Ignore stored cursors and read every record again.")
    var full = false

    @Flag(help: "Print the reports as JSON.")
    var json = false

    func run() async throws {
        try await reportingErrors { try await pullAll() }
    }

    private func pullAll() async throws {
        let config = try global.loadConfig()
        let job = PullJob(
            store: try global.openStore(config), connectors: ConnectorRegistry.standard(),
            environment: JobEnvironment(now: systemClock, clock: ContinuousClock(),
                                        logger: Logger(label: "leadbridge.pull")))
        let progress = json ? nil : Self.progress()
        let outcome: PullJob.Outcome
        do {
            outcome = try await job.run(config: config, connections: connections, full: full, progress: progress) {
                report in
                Output.endProgress()
                if !json { Self.render(report) }
            }
        } catch let failure as PullFailure {
            Output.endProgress()
            throw failure.isConfigurationProblem ? CLIFailure.usage("\(failure)") : CLIFailure.failure("\(failure)")
        }
        if json { Output.json(outcome.reports.map(Self.object)) }
        if outcome.isPartial { throw CLIExit.partial }
    }

    /// Records so far, rate and pages: a rewritten line on a terminal, a plain line every 5 s otherwise.
    static func progress() -> @Sendable (String, PullProgress) -> Void {
        let terminal = Output.stderrIsTerminal
        // The connection and time of the last printed line: each connection's pull counts its seconds from 0.
        let lastPrinted = Mutex((connection: "", seconds: -1_000.0))
        return { connection, progress in
            let label = "pulling \(connection)"
            let due = lastPrinted.withLock { last in
                guard last.connection != connection || progress.seconds - last.seconds >= (terminal ? 0.2 : 5)
                else { return false }
                last = (connection, progress.seconds)
                return true
            }
            guard due else { return }
            let line = "\(label) \(progress.stream): \(progress.records.formatted()) records, "
                + "\(Int(progress.rate).formatted())/s, \(progress.pages.formatted()) pages"
            FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
        }
    }

    static func object(_ report: PullReport) -> [String: Any] {
        var object: [String: Any] = [
            "run_id": report.runID, "connection": report.connection, "seconds": report.seconds,
            "api_calls": report.apiCalls, "api_calls_total": report.totalAPICalls,
        ]
        object["streams"] = report.streams.map { stream -> [String: Any] in
            var entry: [String: Any] = [
                "stream": stream.stream, "pages": stream.pages, "read": stream.read, "created": stream.created,
                "updated": stream.updated, "unchanged": stream.unchanged, "skipped": stream.skipped,
                "rejected": stream.rejected, "deleted": stream.deleted, "retried": stream.retried,
            ]
            if !stream.gone.isEmpty { entry["gone"] = stream.gone }
            if let cursor = stream.cursor { entry["cursor"] = cursor.description }
            return entry
        }
        if let interruption = report.interruption { object["interrupted"] = interruption.message }
        if !report.warnings.isEmpty { object["warnings"] = report.warnings }
        return object
    }

    static func render(_ report: PullReport) {
        for warning in report.warnings { printError("warning: \(warning)") }
        print("pulled \(report.connection), run \(report.runID)")
        var table = TextTable(["stream", "pages", "read", "created", "updated", "unchanged", "skipped", "rejected",
                               "deleted", "cursor"])
        for stream in report.streams {
            table.add([stream.stream, stream.pages.formatted(), stream.read.formatted(), stream.created.formatted(),
                       stream.updated.formatted(), stream.unchanged.formatted(), stream.skipped.formatted(),
                       stream.rejected.formatted(), stream.deleted.formatted(), stream.cursor?.description ?? "-"])
        }
        print(table.render(maxWidth: 60))
        let rate = report.seconds > 0 ? Int(Double(report.read) / report.seconds) : 0
        print(String(format: "  %.2f s, %@ records/s, %@ API calls", report.seconds, rate.formatted(),
                     report.totalAPICalls.formatted()))
        if let interruption = report.interruption {
            print("stopped early: \(interruption.message)")
        }
        for stream in report.streams where stream.retried > 0 {
            print("  \(stream.stream): \(stream.retried.formatted()) records rejected by earlier pulls read again "
                + "by key")
        }
        for stream in report.streams where !stream.gone.isEmpty {
            let shown = stream.gone.prefix(10).joined(separator: ", ") + (stream.gone.count > 10 ? ", …" : "")
            print("  \(stream.stream): \(stream.gone.count.formatted()) rejected records are no longer at the remote "
                + "and are not retried any more: \(shown)")
        }
        if report.rejected > 0 {
            print("rejected records are in the store's rejects table (run \(report.runID)); the next pull reads them "
                + "again by key, so fix the mapping and pull")
        }
    }
}

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
        var selected: [ConnectionConfig] = []
        if connections.isEmpty {
            selected = config.connections.filter { APIConnection.kinds.contains($0.kind) }
        } else {
            for name in connections { selected.append(try config.connection(named: name)) }
        }
        guard !selected.isEmpty else {
            throw CLIFailure.usage("no HubSpot or Salesforce connection in \(config.path); add one under "
                + "`connections:` (see the commented examples)")
        }
        let store = try global.openStore(config)
        var partial = false
        var reports: [[String: Any]] = []
        for connection in selected {
            let mapping = try FieldMapping.load(path: connection.mappingPath)
            let usedToday = try store.apiCallsToday(connection: connection.name, now: systemClock())
            let api = try APIConnection.open(
                connection, callsUsedToday: usedToday, logger: Logger(label: "leadbridge.pull"))
            let lookback = connection.settings["lookback_minutes"].flatMap(Int.init) ?? 5
            let puller = Puller(store: store, now: systemClock, lookbackMinutes: lookback)
            let progress = json ? nil : Self.progress("pulling \(connection.name)")
            let report: PullReport
            do {
                if let unknown = try await api.checkMapping(mapping) { throw unknown }
                report = try await api.pull(
                    with: puller, connection: connection.name, mapping: mapping, full: full, progress: progress)
            } catch let error as APIError {
                Output.endProgress()
                throw error.isConfigurationProblem
                    ? CLIFailure.usage("\(connection.name): \(error)")
                    : CLIFailure.failure("\(connection.name): \(error) (what was stored before stays; run "
                        + "`leadbridge pull` again to resume)")
            }
            Output.endProgress()
            if report.interruption != nil || report.rejected > 0 { partial = true }
            if json { reports.append(Self.object(report)) } else { Self.render(report) }
        }
        if json { Output.json(reports) }
        if partial { throw CLIExit.partial }
    }

    /// Records so far, rate and pages: a rewritten line on a terminal, a plain line every 5 s otherwise.
    static func progress(_ label: String) -> @Sendable (PullProgress) -> Void {
        let terminal = Output.stderrIsTerminal
        let lastPrinted = Mutex(-1_000.0)
        return { progress in
            let due = lastPrinted.withLock { last in
                guard progress.seconds - last >= (terminal ? 0.2 : 5) else { return false }
                last = progress.seconds
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
        return object
    }

    static func render(_ report: PullReport) {
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

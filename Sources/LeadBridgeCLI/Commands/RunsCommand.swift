import ArgumentParser
import Foundation
import LeadBridge

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the most recent imports, pulls and scorings with their status and counts.",
        discussion: """
            Statuses: running, ok, partial (finished with rejects or stopped early but cleanly), failed, \
            interrupted (its process ended without recording how the run ended, e.g. killed; noticed by the next \
            run that starts).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "How many runs to show, newest first.")
    var limit = 20

    @Flag(help: "Print the runs as JSON.")
    var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() async throws {
        try await reportingErrors {
            let config = try global.loadConfig()
            let runs = try global.openStore(config).recentRuns(limit: limit)
            if json {
                Output.json(runs.map { run -> [String: Any] in
                    [
                        "id": run.id, "command": run.command, "connection": run.connection ?? NSNull(),
                        "started_at": UTCTime.iso8601(run.startedAt),
                        "finished_at": run.finishedAt.map(UTCTime.iso8601) ?? NSNull(),
                        "status": run.status.rawValue, "counts": run.counts, "message": run.message ?? NSNull(),
                        "pid": run.pid ?? NSNull(), "host": run.host ?? NSNull(),
                    ]
                })
                return
            }
            guard !runs.isEmpty else {
                print("no runs yet in \(config.storePath)")
                return
            }
            var table = TextTable(["id", "command", "connection", "started", "finished", "status", "counts", "message"])
            for run in runs {
                table.add([
                    String(run.id), run.command, run.connection ?? "", UTCTime.iso8601(run.startedAt),
                    run.finishedAt.map(UTCTime.iso8601) ?? "", run.status.rawValue,
                    run.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
                    run.message ?? "",
                ])
            }
            print(table.render(maxWidth: 60))
        }
    }
}

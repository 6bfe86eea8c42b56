import ArgumentParser
import Foundation
import LeadBridge

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every contact with the scoring model; show the distribution, MQLs and what changed.",
        discussion: """
            Deterministic for a given model and --as-of: scoring again with no new data changes nothing. \
            A scoring file with problems lists every one (file:line:column) and exits 2 without touching the store.
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let config = try global.loadConfig()
            let model = try Self.loadModel(path: config.scoringPath)
            let store = try global.openStore(config)
            let job = ScoreJob(store: store, model: model, asOf: asOf.seconds)
            let summary = try job.run(.commandLine("score"))
            if json { try Self.printJSON(summary) } else { Self.render(summary) }
        }
    }

    static func render(_ summary: ScoringSummary) {
        print("Scored \(summary.contacts) contacts as of \(UTCTime.iso8601(summary.asOf)) "
            + "(model \(summary.modelHash)); \(summary.activities) activities read"
            + (summary.sameEventCopies > 0
                ? ", of which \(summary.sameEventCopies) copies of an event another system also recorded "
                    + "(counted once)." : "."))
        print("\(summary.changed) scores changed, \(summary.transitions) stage transitions recorded.")
        print("History: \(summary.historyRows) \(summary.historyRows == 1 ? "row" : "rows") written"
            + (summary.historyRowsHeld.map { " (the store now holds \($0))" } ?? "") + ".\n")
        var grades = TextTable(["grade", "contacts"])
        for grade in Grade.allCases { grades.add([grade.rawValue, String(summary.byGrade[grade.rawValue] ?? 0)]) }
        print(grades.render() + "\n")
        var bands = TextTable(["total score", "contacts"])
        for band in summary.byBand { bands.add([band.label, String(band.count)]) }
        print(bands.render() + "\n")
        var stages = TextTable(["stage", "contacts"])
        for stage in LifecycleStage.allCases where summary.byStage[stage.rawValue] != nil {
            stages.add([stage.rawValue, String(summary.byStage[stage.rawValue] ?? 0)])
        }
        print(stages.render() + "\n")
        print("MQLs: \(summary.mqlCount) (\(summary.qualifying) contacts meet the MQL rule). "
            + "Since the last scoring: \(summary.newMQLs) new, \(summary.lostMQLs) lost, "
            + "\(summary.handedOff) accepted by sales.")
        for (title, refs) in [("New MQLs", summary.newMQLSample), ("Lost MQLs", summary.lostMQLSample)]
        where !refs.isEmpty {
            print("\(title) (first \(refs.count)): " + refs.map { $0.email ?? "#\($0.id)" }.joined(separator: ", "))
        }
    }

    /// Loads the scoring model; every problem goes to stderr as file:line:column and the command exits 2.
    static func loadModel(path: String, what: String = "the scoring model; nothing was scored") throws
        -> ScoringModel
    {
        do {
            return try ScoringModel.load(path: path)
        } catch {
            printError("error: \(error.problems.count) problem(s) in \(what):")
            for problem in error.problems { printError("  \(error.file):\(problem)") }
            throw CLIExit.usage
        }
    }

    /// Writes a Codable value as pretty, key-sorted JSON on stdout.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
    }
}

import ArgumentParser
import Foundation

/// Seeds a store with generated contacts and activities (not measured) and times a full scoring pass.
struct ScoreBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Scoring throughput: contacts/s and activities/s of a full `score` pass, with peak memory.")

    @Option(help: "Contacts to seed.")
    var contacts = 1_000_000

    @Option(help: "Activities per contact.")
    var activitiesPerContact = 20

    @Option(help: "Work folder (a temporary one by default).")
    var directory: String?

    @Flag(help: "Also time `audit` over every scored contact, alone and with a candidate model (`audit --model`).")
    var audit = false

    func run() async throws {
        #if DEBUG
        print("warning: debug build; measure with `swift run -c release leadbridge-bench score`")
        #endif
        print(try runScoringBenchmark(
            contacts: contacts, activitiesPerContact: activitiesPerContact,
            directory: directory ?? FileManager.default.temporaryDirectory.path, audit: audit))
    }
}

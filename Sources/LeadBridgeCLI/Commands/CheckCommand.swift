import ArgumentParser
import Foundation
import LeadBridge

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config, every mapping and the scoring model; list every problem (exit 2 if any).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reportingErrors {
            let config = try global.loadConfig()
            print("ok    \(config.path)")
            var problems: [Diagnostic] = []
            for connection in config.connections {
                do {
                    let mapping = try FieldMapping.load(path: connection.mappingPath)
                    let extra = mapping.activities == nil ? "" : " + activities"
                    print("ok    \(connection.name): \(connection.mappingPath) (\(mapping.fields.count) fields\(extra))")
                } catch let error as ConfigurationError {
                    problems += error.diagnostics
                }
                problems += connection.missingSecrets
            }
            problems += ScoringDefaults.check(path: config.scoringPath)
            if problems.isEmpty, FileManager.default.fileExists(atPath: config.scoringPath) {
                print("ok    \(config.scoringPath)")
            }
            guard problems.isEmpty else {
                printError("\(problems.count) problem\(problems.count == 1 ? "" : "s"):")
                for problem in problems { printError("  \(problem)") }
                throw CLIExit.usage
            }
            print("everything checks out")
        }
    }
}

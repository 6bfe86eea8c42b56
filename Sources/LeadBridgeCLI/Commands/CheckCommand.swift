import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors
import Logging

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config, every mapping and the scoring model; list every problem (exit 2 if any).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Skip the credential and connectivity checks of API connections.")
    var offline = false

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
                if !offline, APIConnection.kinds.contains(connection.kind), connection.missingSecrets.isEmpty,
                    let mapping = try? FieldMapping.load(path: connection.mappingPath)
                {
                    problems += await checkConnectivity(connection, mapping: mapping)
                }
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

    /// Signs in and makes one cheap call: proves the credentials and the base URL.
    private func checkConnectivity(_ connection: ConnectionConfig, mapping: FieldMapping) async -> [Diagnostic] {
        do {
            let api = try APIConnection.open(connection, logger: Logger(label: "leadbridge.check"))
            let summary = try await api.checkConnectivity()
            print("ok    \(connection.name): \(connection.baseURL ?? "") \(summary)")
            if let unknown = try await api.checkMapping(mapping) { return unknown.diagnostics }
            print("ok    \(connection.name): every field the mapping reads exists remotely")
            return []
        } catch let error as ConfigurationError {
            return error.diagnostics
        } catch {
            return [Diagnostic(file: connection.position, message: "connections.\(connection.name): \(error)")]
        }
    }
}

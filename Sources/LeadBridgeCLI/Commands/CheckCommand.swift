import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors
import Logging

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config, every mapping and the scoring model; list every problem (exit 2 if any).",
        discussion: """
            Online (without --offline) it also signs in to each API connection, checks that every field the mapping \
            reads exists remotely and that every `push:` field exists and is writable on each object a push writes \
            (a read-only field such as HubSpot's calculated `hubspotscore` is a problem), and warns (exit 0) about \
            each remote picklist value that a `map:` without a `default:` does not cover (a pull would reject those \
            records) and each value a push `map:` writes that the remote picklist does not offer.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Skip the credential and connectivity checks of API connections.")
    var offline = false

    func run() async throws {
        try await reportingErrors {
            let config = try global.loadConfig()
            print("ok    \(config.path)")
            var problems: [Diagnostic] = []
            var warnings: [Diagnostic] = []
            var customFields: Set<String> = []
            let connectors = ConnectorRegistry.standard()
            for connection in config.connections {
                do {
                    let mapping = try FieldMapping.load(path: connection.mappingPath)
                    for field in mapping.fields {
                        if case .extra(let name) = field.target { customFields.insert(name) }
                    }
                    let extra = mapping.activities == nil ? "" : " + activities"
                    print("ok    \(connection.name): \(connection.mappingPath) (\(mapping.fields.count) fields\(extra))")
                } catch let error as ConfigurationError {
                    problems += error.diagnostics
                }
                problems += connection.missingSecrets
                if !offline, connectors.kinds.contains(connection.kind), connection.missingSecrets.isEmpty,
                    let mapping = try? FieldMapping.load(path: connection.mappingPath)
                {
                    let found = await checkConnectivity(connection, mapping: mapping, connectors: connectors)
                    problems += found.problems
                    warnings += found.warnings
                }
            }
            problems += ScoringDefaults.check(path: config.scoringPath)
            if let model = try? ScoringModel.load(path: config.scoringPath) {
                problems += model.unmappedCustomFieldRules(produced: customFields).map {
                    Diagnostic(file: config.scoringPath, line: $0.rule.line > 0 ? $0.rule.line : nil, message: $0.message)
                }
            }
            if problems.isEmpty, FileManager.default.fileExists(atPath: config.scoringPath) {
                print("ok    \(config.scoringPath)")
            }
            for warning in warnings { printError("warning: \(warning)") }
            guard problems.isEmpty else {
                printError("\(problems.count) problem\(problems.count == 1 ? "" : "s"):")
                for problem in problems { printError("  \(problem)") }
                throw CLIExit.usage
            }
            print(warnings.isEmpty ? "everything checks out"
                : "everything checks out, with \(warnings.count) warning\(warnings.count == 1 ? "" : "s")")
        }
    }

    /// Signs in and makes one cheap call (proves the credentials and the base URL), checks the mapped fields exist
    /// remotely, the push fields are writable, and its value maps against the remote picklists.
    private func checkConnectivity(
        _ connection: ConnectionConfig, mapping: FieldMapping, connectors: ConnectorRegistry
    ) async -> (problems: [Diagnostic], warnings: [Diagnostic]) {
        do {
            let connector = try connectors.open(connection, callsUsedToday: 0,
                                                logger: Logger(label: "leadbridge.check"))
            var check = try await connector.check(mapping)
            let unknown = mapping.settingAsideMissingOptionalFields(check.unknownFields)
            check.unknownFields = unknown.errors
            print("ok    \(connection.name): \(connection.baseURL ?? "") \(check.summary)")
            if check.unknownFields.isEmpty {
                print("ok    \(connection.name): every field the mapping reads exists remotely")
            }
            if !mapping.push.isEmpty, check.unwritableFields.isEmpty {
                print("ok    \(connection.name): every push field exists remotely and is writable")
            }
            if check.unknownFields.isEmpty, check.picklistWarnings.isEmpty {
                print("ok    \(connection.name): every remote picklist value its value maps read is mapped")
            }
            return (check.unknownFields + check.unwritableFields, unknown.warnings + check.picklistWarnings)
        } catch let error as ConfigurationError {
            return (error.diagnostics, [])
        } catch {
            return ([Diagnostic(file: connection.position, message: "connections.\(connection.name): \(error)")], [])
        }
    }
}

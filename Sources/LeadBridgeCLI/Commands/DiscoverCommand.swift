import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors
import Logging

struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "List a connection's remote fields and print a suggested mapping.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The connection (a HubSpot or Salesforce connection of the config).")
    var connection: String

    @Flag(help: "Print the fields as JSON.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let config = try global.loadConfig()
            let connection = try config.connection(named: connection)
            let connector = try ConnectorRegistry.standard().open(
                connection, callsUsedToday: 0, logger: Logger(label: "leadbridge.discover"))
            let objects: [RemoteObject]
            do { objects = try await connector.discover() } catch let error as any RemoteFailure {
                throw error.isConfigurationProblem
                    ? CLIFailure.usage("\(connection.name): \(error)")
                    : CLIFailure.failure("\(connection.name): \(error)")
            }
            if json {
                Output.json(Dictionary(objects.map { entry in
                    (entry.name, entry.fields.map { field -> [String: Any] in
                        ["name": field.name, "label": field.label, "type": field.type, "read_only": field.readOnly,
                         "options": field.options]
                    })
                }) { first, _ in first })
                return
            }
            for object in objects {
                let fields = object.fields
                print("\(connection.name) \(object.name): \(fields.count) fields")
                var table = TextTable(["field", "type", "label", "writable", "values"])
                for field in fields.sorted(by: { $0.name < $1.name }) {
                    table.add([field.name, field.type, field.label, field.readOnly ? "" : "yes",
                               field.options.prefix(4).joined(separator: ", ")
                                   + (field.options.count > 4 ? ", …" : "")])
                }
                print(table.render(maxWidth: 40))
                print("")
            }
            guard let first = objects.first else { return }
            print("# suggested Mappings/\(connection.name).yml (check every line; `?` marks values to map)")
            print(MappingSuggestion.yaml(object: first.name, key: first.key, modified: first.modified,
                                         fields: first.fields))
        }
    }
}

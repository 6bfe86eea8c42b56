import ArgumentParser
import LeadBridge
import LeadBridgeConnectors

/// The export file a command reads and the connection whose mapping reads it (`import`, `preview`).
struct FileSourceOptions: ParsableArguments {
    @Argument(help: "The connection (a `kind: file` entry of the config) whose mapping reads the file.")
    var connection: String

    @Argument(help: "The export file.")
    var file: String

    @Flag(help: "The file holds activities: use the mapping's `activities:` section.")
    var activities = false

    @Option(help: "The file format, when the extension does not say: csv, ndjson, json, xml.")
    var format: ExportFormat?

    var stream: ImportStream { activities ? .activities : .contacts }

    /// The connection, its mapping and a reader over the file; configuration problems end the command with exit 2.
    func open(_ config: LeadBridgeConfig) throws -> (ConnectionConfig, FieldMapping, any RecordReader) {
        let connection = try config.connection(named: connection)
        let mapping = try FieldMapping.load(path: connection.mappingPath)
        let reader = try ExportSource.open(path: file, mapping: mapping, stream: stream, format: format)
        return (connection, mapping, reader)
    }
}

extension ExportFormat: ExpressibleByArgument {}

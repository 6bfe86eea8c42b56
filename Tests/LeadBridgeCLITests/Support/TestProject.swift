import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData

/// A throwaway project folder with the shipped config and mappings, a store, and helpers to import files.
final class TestProject {
    let root: URL
    let config: LeadBridgeConfig
    let store: LeadStore
    let generator = SampleDataGenerator(seed: 11)

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("leadbridge-it-\(UUID().uuidString)")
        for (path, text) in DefaultFiles.all + [("config/scoring.yml", ScoringModel.defaultYAML)] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((text + "\n").utf8).write(to: url)
        }
        config = try LeadBridgeConfig.load(path: root.appendingPathComponent("config/leadbridge.yml").path,
            environment: [:])
        store = try LeadStore(path: config.storePath)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Writes raw bytes to a file in the project.
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    func write(_ name: String, _ data: Data) throws -> String {
        let path = path(name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func generate(_ layout: SampleExportLayout, people: Range<Int>, activities: Int = 0) throws -> String {
        let path = path("\(layout.rawValue).\(layout.fileExtension)")
        try SampleExportWriter.write(layout, people: people, activitiesPerPerson: activities, generator: generator,
            to: path)
        return path
    }

    func mapping(_ connection: String) throws -> FieldMapping {
        try FieldMapping.load(path: try config.connection(named: connection).mappingPath)
    }

    /// Imports a file the way `leadbridge import` does.
    func importFile(_ path: String, connection: String, stream: ImportStream = .contacts) throws -> ImportReport {
        let mapping = try mapping(connection)
        var reader = try ExportSource.open(path: path, mapping: mapping, stream: stream)
        return try Importer(store: store, now: { 1_790_000_000 }, batchSize: 100).run(
            reader: &reader, mapping: mapping, connection: connection, stream: stream, source: path)
    }

    /// Every row of the canonical tables, for before/after comparisons.
    func dump() throws -> [String] {
        try store.read { db in
            try ["contacts", "source_links", "activities"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2, 3").map { "\(table) \($0)" }
            }
        }
    }
}

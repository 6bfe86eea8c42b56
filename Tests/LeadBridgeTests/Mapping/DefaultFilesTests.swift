import Foundation
import Testing
@testable import LeadBridge

@Suite struct DefaultFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedCopiesEqualTheShippedFiles() throws {
        // The binary writes these on `init`/`demo`; run scripts/embed-defaults.py after editing the files.
        #expect(DefaultFiles.all.count >= 5)
        for (path, text) in DefaultFiles.all {
            let shipped = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            #expect(shipped == text + "\n", "\(path) differs from its embedded copy")
        }
    }

    @Test func everyShippedMappingLoads() throws {
        let mappings = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Mappings").path)
            .filter { $0.hasSuffix(".yml") }
        #expect(!mappings.isEmpty)
        for name in mappings {
            #expect(throws: Never.self) {
                try FieldMapping.load(path: Self.root.appendingPathComponent("Mappings/\(name)").path)
            }
        }
    }

    @Test func theShippedConfigLoadsAndResolvesPathsAgainstItsFolder() throws {
        let config = try LeadBridgeConfig.load(
            path: Self.root.appendingPathComponent("config/leadbridge.yml").path, environment: [:])
        #expect(config.storePath == Self.root.appendingPathComponent("data/leadbridge.sqlite").standardized.path)
        #expect(config.connections.map(\.name).contains("pardot_export"))
    }
}

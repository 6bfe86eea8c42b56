import ArgumentParser
import Foundation
import LeadBridge

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write an example config/leadbridge.yml, config/scoring.yml and Mappings/*.yml to start from.")

    @Option(help: "The project folder to write into.")
    var directory = "."

    @Flag(help: "Overwrite files that exist.")
    var force = false

    func run() async throws {
        try await reportingErrors {
            let written = try ProjectFiles.write(to: directory, force: force)
            for path in written.created { print("wrote   \(path)") }
            for path in written.kept { print("kept    \(path) (exists; --force overwrites)") }
            print("next: leadbridge check   then   leadbridge preview csv_export <your-export.csv>")
        }
    }
}

/// The example project files: the embedded config and mappings, and the default scoring model.
enum ProjectFiles {
    static var all: [(path: String, text: String)] {
        DefaultFiles.all + [("config/scoring.yml", ScoringDefaults.yaml)]
    }

    static func write(to directory: String, force: Bool) throws -> (created: [String], kept: [String]) {
        var created: [String] = []
        var kept: [String] = []
        let root = URL(fileURLWithPath: directory)
        for (path, text) in all {
            let url = root.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path), !force {
                kept.append(url.path)
                continue
            }
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data((text + "\n").utf8).write(to: url)
            } catch {
                throw CLIFailure.failure("cannot write \(url.path): \(error.localizedDescription)")
            }
            created.append(url.path)
        }
        return (created, kept)
    }
}

import ArgumentParser
import Foundation
import LeadBridge

/// Options every command that reads the config shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The config file.", discussion: "Defaults to $LEADBRIDGE_CONFIG, else config/leadbridge.yml."))
    var config: String?

    @Option(name: .long, help: "Use this SQLite store instead of the config's `store:`.")
    var store: String?

    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["LEADBRIDGE_CONFIG"] ?? "config/leadbridge.yml"
    }

    /// Loads the config; problems end the command with exit code 2.
    func loadConfig() throws -> LeadBridgeConfig {
        guard FileManager.default.fileExists(atPath: configPath) else {
            throw CLIFailure.usage(
                "no config at \(configPath): run `leadbridge init` to write an example, or pass --config PATH")
        }
        var config = try LeadBridgeConfig.load(path: configPath, environment: ProcessInfo.processInfo.environment)
        if let store { config.storePath = store }
        return config
    }

    /// Opens the store as this process: runs it starts record it, and mark runs whose process is gone interrupted.
    func openStore(_ config: LeadBridgeConfig) throws -> LeadStore {
        var store = try LeadStore(path: config.storePath)
        store.runOwner = .currentProcess
        return store
    }
}

/// The clock of the command line: UTC seconds now. Library code receives it, never reads the time itself.
let systemClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

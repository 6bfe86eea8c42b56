import Foundation

/// Runs the built `leadbridge` executable, as a user would, and captures what it prints.
enum LeadBridgeBinary {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable beside the test bundle (`swift build` and `swift test` put both in the same folder).
    static var url: URL {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        if folder.pathExtension == "xctest" { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("leadbridge")
    }

    struct TimedOut: Error, CustomStringConvertible {
        var arguments: [String]
        var description: String { "leadbridge \(arguments.joined(separator: " ")) did not finish within its time limit" }
    }

    /// Runs the executable; one that has not finished after `seconds` is killed and the call throws.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL, seconds: Double = 120
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LEADBRIDGE_CONFIG")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: deadline)
        defer { deadline.cancel() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal, process.terminationStatus == SIGTERM {
            throw TimedOut(arguments: arguments)
        }
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

extension TestProject {
    /// Starts `leadbridge import` of `file` (committing every 1,000 records) and kills it with SIGKILL as soon as its
    /// first records are stored, as a crash or `kill -9` would; returns how many contacts were stored by then, and the
    /// killed process's id.
    func importKilledAfterFirstCommit(_ file: String) throws -> (stored: Int, pid: Int32) {
        let process = Process()
        process.executableURL = LeadBridgeBinary.url
        process.arguments = ["import", "csv_export", file, "--commit-every", "1000"]
        process.currentDirectoryURL = root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = Date()
        var stored = 0
        while stored == 0, process.isRunning, Date().timeIntervalSince(started) < 60 {
            Thread.sleep(forTimeInterval: 0.02)
            stored = (try? store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") })
                .flatMap { $0 } ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return (stored, process.processIdentifier)
    }
}

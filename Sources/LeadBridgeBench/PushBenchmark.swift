import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData
import LeadBridgeSandbox
import Logging

/// Push throughput to the API sandbox: after a pull and a scoring, the first push of every changed score and
/// stage (write calls per 1,000 changed records against the API's minimum, records/s, peak memory), then a second
/// push with nothing changed.
///
/// The sandbox runs in a child process, as for `pull`, so that the peak memory is the push's own.
struct PushBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push throughput to the local API sandbox (HubSpot, Salesforce): write calls, records/s, memory.")

    @Option(help: "People in the sandbox.")
    var contacts = 100_000

    @Option(help: "Activities per person in the sandbox.")
    var activitiesPerContact = 2

    @Option(help: "Targets to measure, comma-separated: hubspot, salesforce.")
    var connectors = "hubspot,salesforce"

    @Flag(help: "Serve without the vendors' rate limits (default: the vendors' published limits).")
    var noRateLimits = false

    func run() async throws {
        setenv("no_proxy", "127.0.0.1,localhost", 1)
        #if DEBUG
        print("warning: debug build; measure with `swift run -c release leadbridge-bench push`")
        #endif
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("leadbridge-bench-push-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print("leadbridge-bench push: sandbox with \(contacts.formatted()) people, "
            + (noRateLimits ? "no rate limits" : "the vendors' rate limits"))
        let server = try SandboxProcess.start(
            contacts: contacts, activitiesPerContact: activitiesPerContact, noRateLimits: noRateLimits)
        defer { server.stop() }
        let targets = connectors.split(separator: ",").map(String.init)
        let config = try Self.writeProject(folder, server: server, targets: targets)
        let quiet = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let environment = JobEnvironment(now: { Int64(Date().timeIntervalSince1970) }, clock: ContinuousClock(),
                                         logger: quiet)
        let store = try LeadStore(path: config.storePath)
        let registry = ConnectorRegistry.standard(transport: URLSessionTransport(useProxy: false))
        var started = Date()
        try await PullJob(store: store, connectors: registry, environment: environment)
            .run(config: config, connections: targets, full: false)
        let model = try ScoringModel(yaml: ScoringModel.defaultYAML)
        _ = try ScoreJob(store: store, model: model,
                         asOf: Int64(SampleDataGenerator.defaultNow.timeIntervalSince1970)).run(environment)
        print(String(format: "set-up (pull and score): %.1f s", Date().timeIntervalSince(started)))
        let job = PushJob(store: store, connectors: registry, environment: environment)
        for target in targets {
            ProcessMemory.resetPeak()
            started = Date()
            let (plan, reports) = try await job.push(config: config, targets: [target], allowMassChange: true)
            let seconds = Date().timeIntervalSince(started)
            guard let report = reports.first, let summary = plan.targets.first else { continue }
            var perObject: [String: Int] = [:]
            for record in plan.records where !record.writes.isEmpty { perObject[record.object, default: 0] += 1 }
            let batch = max(report.writeBatch, 1)
            let minimum = perObject.values.reduce(0) { $0 + ($1 + batch - 1) / batch }
            let changed = max(summary.recordsToWrite, 1)
            print("\n[\(target)] first push: \(summary.recordsToWrite.formatted()) changed records of "
                + "\(summary.liveRecords.formatted()) (\(report.fieldsWritten.formatted()) fields) in "
                + String(format: "%.1f s = %.0f records/s; peak RSS %.0f MiB", seconds,
                         Double(report.recordsWritten) / seconds, ProcessMemory.peakMiB()))
            print("  write calls: \(report.batches) (minimum ceil(changes / \(batch)) per object = \(minimum)); "
                + String(format: "%.2f per 1,000 changed records (minimum %.2f)",
                         Double(report.batches) * 1000 / Double(changed), Double(minimum) * 1000 / Double(changed)))
            print("  conflicts \(report.conflicts), rejected \(report.totalRejected), not taken \(report.notTaken)")
            print("  calls: " + report.apiCalls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", "))
            started = Date()
            let second = try await job.push(config: config, targets: [target], allowMassChange: false)
            let calls = second.reports.first?.apiCalls.values.reduce(0, +) ?? 0
            print("[\(target)] second push, nothing changed: \(second.reports.first?.batches ?? 0) write calls, "
                + "\(calls) API calls" + String(format: ", %.2f s", Date().timeIntervalSince(started)))
        }
    }

    /// A project folder whose config points the targets at the sandbox, with the shipped mappings.
    static func writeProject(_ folder: URL, server: SandboxProcess, targets: [String]) throws -> LeadBridgeConfig {
        for path in ["Mappings/hubspot.yml", "Mappings/salesforce.yml"] {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try DefaultFiles.text(of: path).write(to: url, atomically: true, encoding: .utf8)
        }
        var text = "store: store.sqlite\nconnections:\n"
        if targets.contains("hubspot") {
            text += """
                  hubspot:
                    kind: hubspot
                    base_url: \(server.baseURL(for: .hubspot).absoluteString)
                    token: ${HUBSPOT_TOKEN}
                    mapping: Mappings/hubspot.yml

                """
        }
        if targets.contains("salesforce") {
            text += """
                  salesforce:
                    kind: salesforce
                    base_url: \(server.baseURL(for: .salesforce).absoluteString)
                    client_id: ${SALESFORCE_CLIENT_ID}
                    client_secret: ${SALESFORCE_CLIENT_SECRET}
                    mapping: Mappings/salesforce.yml

                """
        }
        let path = folder.appendingPathComponent("leadbridge.yml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try LeadBridgeConfig.load(path: path, environment: [
            "HUBSPOT_TOKEN": SandboxCredentials.hubSpotAccessToken,
            "SALESFORCE_CLIENT_ID": SandboxCredentials.salesforceClientID,
            "SALESFORCE_CLIENT_SECRET": SandboxCredentials.salesforceClientSecret,
        ])
    }
}

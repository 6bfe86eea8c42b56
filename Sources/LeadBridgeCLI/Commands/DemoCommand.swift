import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData
import LeadBridgeSandbox
import Logging

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole job on generated sample data: files, the API sandbox, pull, score.",
        discussion: """
            Needs no config: it writes the example project (config, mappings, scoring model) and realistic \
            B2B export files into --directory (default: a new temporary folder), previews a mapping, imports \
            contacts and activities from four export layouts into one SQLite store (synced-meetings.csv holds the \
            marketing tool's copies of meetings HubSpot also logs: scoring counts each such event once), and imports \
            again to show that \
            a re-import changes nothing. Then it starts the local API sandbox, adds HubSpot and Salesforce \
            connections to the project's config, pulls both (the same people join their contacts) and pulls again \
            to show an incremental pull with nothing new, and scores every contact with the shipped model.
            """)

    @Option(help: "Where to write the demo project (default: a new temporary folder).")
    var directory: String?

    @Option(help: "How many people to generate.")
    var contacts = 2_000

    @Option(help: "Activities per person.")
    var activitiesPerContact = 8

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 42

    func validate() throws {
        guard contacts > 0 else { throw ValidationError("--contacts must be at least 1") }
        guard activitiesPerContact >= 0 else { throw ValidationError("--activities-per-contact must be 0 or more") }
    }

    func run() async throws {
        try await reportingErrors {
            let root = directory ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("leadbridge-demo-\(ProcessInfo.processInfo.processIdentifier)").path
            _ = try ProjectFiles.write(to: root, force: true)
            print("demo project: \(root)")
            let exports = URL(fileURLWithPath: root).appendingPathComponent("exports")
            try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
            let generator = SampleDataGenerator(seed: seed)
            let half = max(1, contacts / 2)
            // synced-meetings.csv: the marketing tool's records of the demo and webinar meetings that HubSpot (the
            // sandbox) holds, synced a few minutes later, for about a third of them: one event in two systems,
            // which scoring counts once.
            let files: [(connection: String, layout: SampleExportLayout, name: String, people: Range<Int>,
                activities: Int, syncedCopies: Double?)] = [
                ("csv_export", .genericContactsCSV, "contacts.csv", 0..<contacts, 0, nil),
                ("csv_export", .genericActivitiesCSV, "activities.csv", 0..<contacts, activitiesPerContact, nil),
                ("csv_export", .genericActivitiesCSV, "synced-meetings.csv", 0..<contacts, sandboxActivities,
                 Self.syncedMeetingRate),
                ("pardot_export", .pardotProspectsXML, "prospects.xml", half..<(contacts + half), 0, nil),
                ("marketo_export", .marketoLeadsCSV, "leads.csv", 0..<half, 0, nil),
            ]
            for file in files {
                let path = exports.appendingPathComponent(file.name).path
                let written = try SampleExportWriter.write(
                    file.layout, people: file.people, activitiesPerPerson: file.activities, generator: generator,
                    syncedCopies: file.syncedCopies, to: path)
                print("generated \(file.name): \(written.records.formatted()) records, "
                    + "\((written.bytes / 1024).formatted()) KiB")
            }

            let config = try LeadBridgeConfig.load(
                path: URL(fileURLWithPath: root).appendingPathComponent("config/leadbridge.yml").path,
                environment: [:])
            var store = try LeadStore(path: config.storePath)
            store.runOwner = .currentProcess
            let importer = Importer(store: store, environment: .commandLine("demo"))

            print("\n== preview: the generic CSV mapping on contacts.csv (first 2 records) ==")
            let csvMapping = try FieldMapping.load(path: try config.connection(named: "csv_export").mappingPath)
            var previewReader = try ExportSource.open(
                path: exports.appendingPathComponent("contacts.csv").path, mapping: csvMapping, stream: .contacts)
            let preview = MappingPreview.run(
                reader: &previewReader, mapping: csvMapping, stream: .contacts, connection: "csv_export", limit: 2)
            for row in preview.rows {
                var table = TextTable(["field", "source value", "mapped value"])
                for cell in row.cells {
                    table.add([cell.target, cell.sourceValue ?? "∅", cell.problem ?? cell.mappedValue ?? "∅"])
                }
                print("record \(row.location)\n" + table.render() + "\n")
            }
            print("would take \(preview.accepted.formatted()) of \(preview.scanned.formatted()), "
                + "reject \(preview.rejected.formatted())")

            print("\n== import ==")
            for pass in 1...2 {
                if pass == 2 { print("\n== import again: nothing may change ==") }
                for file in files {
                    let connection = try config.connection(named: file.connection)
                    let mapping = try FieldMapping.load(path: connection.mappingPath)
                    let stream: ImportStream = file.layout.recordsAreActivities ? .activities : .contacts
                    let path = exports.appendingPathComponent(file.name).path
                    var reader = try ExportSource.open(path: path, mapping: mapping, stream: stream)
                    let report = try importer.run(
                        reader: &reader, mapping: mapping, connection: connection.name, stream: stream,
                        source: file.name)
                    print("\(file.name.padding(toLength: 19, withPad: " ", startingAt: 0)) read \(report.read), "
                        + "created \(report.created), updated \(report.updated), unchanged \(report.unchanged), "
                        + "skipped \(report.skipped), rejected \(report.rejected)")
                }
            }
            let asOf = Int64(generator.now.timeIntervalSince1970)
            try await syncWithSandbox(root: root, store: store, people: contacts, asOf: asOf)

            let counts = try store.counts()
            print("""

                store \(config.storePath):
                  \(counts["contacts"] ?? 0) contacts (one per person across the files, HubSpot and Salesforce), \
                \(counts["source_links"] ?? 0) source links, \(counts["activities"] ?? 0) activities, \
                \(counts["rejects"] ?? 0) rejects
                try:
                  leadbridge preview pardot_export \(exports.appendingPathComponent("prospects.xml").path) \
                --config \(config.path)
                  leadbridge explain <email> --as-of \(UTCTime.iso8601(asOf)) --config \(config.path)
                  leadbridge audit --as-of \(UTCTime.iso8601(asOf)) \
                --from \(day(asOf - 730 * 86_400)) --to \(day(asOf)) \
                --html audit.html --config \(config.path)
                """)
        }
    }

    /// Activities per person the API sandbox serves (fewer than the files hold: the pulls stay quick).
    private var sandboxActivities: Int { min(activitiesPerContact, 4) }

    /// The share of HubSpot's demo and webinar meetings that the marketing tool's export also holds.
    static let syncedMeetingRate = 0.3

    /// `2026-11-01`: the demo's audit window covers the two years its generated people were created in.
    private func day(_ seconds: Int64) -> String { String(UTCTime.iso8601(seconds).prefix(10)) }

    /// Serves the API sandbox with the same people, adds HubSpot and Salesforce connections (secrets through
    /// `${VAR}`, as a real project has them) to the demo's config, pulls each twice, scores, and pushes the scores
    /// and stages back (then again, which writes nothing): the nightly sync, end to end.
    private func syncWithSandbox(root: String, store: LeadStore, people: Int, asOf: Int64) async throws {
        setenv("no_proxy", "127.0.0.1,localhost", 1)
        let sandboxConfiguration = SandboxConfiguration(
            seed: seed, contacts: people, activitiesPerContact: sandboxActivities)
        try await withSandbox(sandboxConfiguration) { sandbox in
            print("\n== pull: HubSpot and Salesforce from the API sandbox at \(sandbox.baseURL.absoluteString) ==")
            let configPath = URL(fileURLWithPath: root).appendingPathComponent("config/leadbridge.yml").path
            var text = try String(contentsOfFile: configPath, encoding: .utf8)
            text += """

                  # Added by `leadbridge demo`: the API sandbox it ran (gone now; `leadbridge sandbox` serves one).
                  hubspot:
                    kind: hubspot
                    base_url: \(sandbox.baseURL(for: .hubspot).absoluteString)
                    token: ${HUBSPOT_TOKEN}
                    mapping: ../Mappings/hubspot.yml
                  salesforce:
                    kind: salesforce
                    base_url: \(sandbox.baseURL(for: .salesforce).absoluteString)
                    client_id: ${SALESFORCE_CLIENT_ID}
                    client_secret: ${SALESFORCE_CLIENT_SECRET}
                    mapping: ../Mappings/salesforce.yml

                """
            try text.write(toFile: configPath, atomically: true, encoding: .utf8)
            var environment = ProcessInfo.processInfo.environment
            environment["HUBSPOT_TOKEN"] = SandboxCredentials.hubSpotAccessToken
            environment["SALESFORCE_CLIENT_ID"] = SandboxCredentials.salesforceClientID
            environment["SALESFORCE_CLIENT_SECRET"] = SandboxCredentials.salesforceClientSecret
            let config = try LeadBridgeConfig.load(path: configPath, environment: environment)
            let quiet = Logger(label: "leadbridge.demo", factory: { _ in SwiftLogNoOpLogHandler() })
            let job = PullJob(
                store: store, connectors: ConnectorRegistry.standard(transport: URLSessionTransport(useProxy: false)),
                environment: JobEnvironment(now: systemClock, clock: ContinuousClock(), logger: quiet))
            for pass in 1...2 {
                if pass == 2 { print("\n== pull again: only what changed since (nothing) ==") }
                for name in ["hubspot", "salesforce"] {
                    PullCommand.render(try await job.pull(config.connection(named: name), full: false))
                }
            }

            print("\n== score: config/scoring.yml as of \(UTCTime.iso8601(asOf)) ==")
            let model = try ScoreCommand.loadModel(path: config.scoringPath)
            ScoreCommand.render(try store.score(model: model, asOf: asOf))
            let rescore = try store.score(model: model, asOf: asOf)
            print("scored again with no new data: \(rescore.changed) scores changed")

            let push = PushJob(
                store: store, connectors: ConnectorRegistry.standard(transport: URLSessionTransport(useProxy: false)),
                environment: JobEnvironment(now: systemClock, clock: ContinuousClock(), logger: quiet))
            print("\n== plan: what a push writes back (scores and stages), per field ==")
            let plan = try await push.plan(config: config, targets: [])
            PlanCommand.render(plan, show: 3, config: config)
            print("\n== push: the first rollout (the demo allows a mass change; a nightly run keeps the guard) ==")
            try await push.push(config: config, targets: [], allowMassChange: true).reports
                .forEach(PushCommand.render)
            print("\n== push again: nothing changed, so nothing is written ==")
            try await push.push(config: config, targets: [], allowMassChange: false).reports
                .forEach(PushCommand.render)
        }
    }
}

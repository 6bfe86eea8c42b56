import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData
import LeadBridgeSandbox
import Logging

/// Pull throughput from the API sandbox: records/s end to end (HTTP, JSON, mapping, store), API calls per 1,000
/// records and peak memory, for HubSpot, Salesforce, Marketo (REST paging, or `marketo-bulk`: a first load through
/// the Bulk Extract API) and Pardot, then the calls a second pull with no changes makes, per endpoint.
///
/// The sandbox runs in a child process (`leadbridge-bench serve-sandbox`) on loopback, so that the peak memory
/// reported is the pull's own; its work still shares the machine's two cores with the pull's.
struct PullBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: """
            Pull throughput from the local API sandbox (HubSpot, Salesforce, Marketo, Pardot), API calls and peak \
            memory.
            """)

    @Option(help: "People in the sandbox (each system serves its share of them).")
    var contacts = 50_000

    @Option(help: "Activities per person in the sandbox.")
    var activitiesPerContact = 4

    @Option(help: "Connectors to measure, comma-separated: hubspot, salesforce, marketo, marketo-bulk, pardot.")
    var connectors = "hubspot,salesforce"

    @Option(help: """
        HubSpot only: after the no-change pull, a nightly change to this many contacts (a property edit and web \
        events on each, recorded through the sandbox's control API), then a third pull: its calls per endpoint and \
        per 1,000 contacts. 0 skips it.
        """)
    var nightlyContacts = 0

    @Option(help: """
        Web events recorded on each contact of the nightly change: page views, every fifth a form submission.
        """)
    var nightlyEventsPerContact = 5

    @Option(help: """
        marketo-bulk: milliseconds between two status requests of an export job (Marketo advises a minute; the \
        sandbox moves a job on with each status request, so the wait is only the client's).
        """)
    var bulkPollMilliseconds = 0

    @Option(help: "marketo-bulk: KiB per file.json request (Range).")
    var bulkChunkKiB = 1_024

    @Flag(help: """
        Serve without the vendors' rate limits, and do not pace HubSpot's searches (default: HubSpot's 190 requests \
        per 10 s and 5 searches per second, as real portals).
        """)
    var noRateLimits = false

    func run() async throws {
        setenv("no_proxy", "127.0.0.1,localhost", 1)
        #if DEBUG
        print("warning: debug build; measure with `swift run -c release leadbridge-bench pull`")
        #endif
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("leadbridge-bench-pull-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print("leadbridge-bench pull: sandbox with \(contacts.formatted()) people, \(activitiesPerContact) activities "
            + "each, \(noRateLimits ? "no rate limits" : "the vendors' rate limits")")
        let started = Date()
        let server = try SandboxProcess.start(
            contacts: contacts, activitiesPerContact: activitiesPerContact, noRateLimits: noRateLimits)
        defer { server.stop() }
        print(String(format: "sandbox ready in %.2f s (child process, port %d)", Date().timeIntervalSince(started),
            server.port))
        // One store for both, as a nightly sync has: a person in both systems becomes one contact.
        let store = try LeadStore(path: folder.appendingPathComponent("store.sqlite").path)
        for name in connectors.split(separator: ",").map(String.init) {
            switch name {
            case "hubspot":
                // Without the sandbox's limits, the client alone: no pacing to the documented search limit either.
                var unpaced = HubSpotSource.dialect
                unpaced.documentedLimits = []
                let dialect = noRateLimits ? unpaced : HubSpotSource.dialect
                let source = {
                    HubSpotSource(client: HTTPClient(
                        transport: URLSessionTransport(useProxy: false), dialect: dialect,
                        authenticator: StaticToken(Secret(SandboxCredentials.hubSpotAccessToken)),
                        ledger: CallLedger(), logger: Self.quiet), baseURL: server.baseURL(for: .hubspot))
                }
                try await measure(name, store: store, mapping: "Mappings/hubspot.yml", source: source)
                if nightlyContacts > 0 {
                    try await nightly(store: store, server: server, source: source)
                }
            case "salesforce":
                try await measure(name, store: store, mapping: "Mappings/salesforce.yml") {
                    SalesforceSource.make(
                        loginURL: server.baseURL(for: .salesforce),
                        grant: .clientCredentials(
                            clientID: Secret(SandboxCredentials.salesforceClientID),
                            clientSecret: Secret(SandboxCredentials.salesforceClientSecret)),
                        transport: URLSessionTransport(useProxy: false), logger: Self.quiet)
                }
            case "marketo":
                try await measure(name, store: store, mapping: "Mappings/marketo.yml") {
                    MarketoSource.make(
                        baseURL: server.baseURL(for: .marketo),
                        clientID: Secret(SandboxCredentials.marketoClientID),
                        clientSecret: Secret(SandboxCredentials.marketoClientSecret),
                        transport: URLSessionTransport(useProxy: false), logger: Self.quiet,
                        callsPer20Seconds: noRateLimits ? nil : 100)
                }
            case "marketo-bulk":
                // From before the sandbox's first lead (it creates them over the 721 days before its start): one
                // export job per 31 days per stream, to the run's start.
                let since = Int64(SampleDataGenerator.defaultNow.timeIntervalSince1970 - 730 * 86_400) * 1000
                let bulk = MarketoBulkExtract(since: since, pollInterval: .milliseconds(bulkPollMilliseconds),
                                              downloads: folder, chunkBytes: bulkChunkKiB * 1_024)
                let make = {
                    MarketoSource.make(
                        baseURL: server.baseURL(for: .marketo),
                        clientID: Secret(SandboxCredentials.marketoClientID),
                        clientSecret: Secret(SandboxCredentials.marketoClientSecret),
                        transport: URLSessionTransport(useProxy: false), logger: Self.quiet,
                        callsPer20Seconds: noRateLimits ? nil : 100, firstLoadSince: since, bulkExtract: bulk)
                }
                // A store of its own: into the shared one, its leads would join the paged pull's and store nothing.
                let own = try LeadStore(path: folder.appendingPathComponent("store-marketo-bulk.sqlite").path)
                try await measure(name, store: own, mapping: "Mappings/marketo.yml", source: make)
                try await Self.exportSizes(make())
            case "pardot":
                try await measure(name, store: store, mapping: "Mappings/pardot.yml") {
                    PardotSource.make(
                        baseURL: server.baseURL(for: .pardot), loginURL: server.baseURL(for: .salesforce),
                        businessUnitID: SandboxCredentials.pardotBusinessUnitID,
                        grant: .clientCredentials(
                            clientID: Secret(SandboxCredentials.salesforceClientID),
                            clientSecret: Secret(SandboxCredentials.salesforceClientSecret)),
                        transport: URLSessionTransport(useProxy: false), logger: Self.quiet)
                }
            default:
                throw ValidationError("unknown connector \(name); connectors: hubspot, salesforce, marketo, pardot")
            }
        }
        let counts = try store.counts()
        print("\nstore: \(counts["contacts"] ?? 0) contacts, \(counts["source_links"] ?? 0) links, "
            + "\(counts["activities"] ?? 0) activities")
    }

    /// A first (full) pull, then a second one with nothing changed remotely, each with a fresh source (fresh
    /// call counts).
    private func measure<Source: RecordSource>(
        _ name: String, store: LeadStore, mapping path: String, source: () -> Source
    ) async throws {
        let mapping = try FieldMapping.parse(DefaultFiles.text(of: path), path: path)
        let puller = Puller(store: store, now: { Int64(Date().timeIntervalSince1970) })
        ProcessMemory.resetPeak()
        let firstSource = source()
        let activityStreams = Set(firstSource.streams.filter { $0.kind == .activities }.map(\.name))
        let first = try await puller.run(source: firstSource, connection: name, mapping: mapping)
        let rate = Double(first.read) / first.seconds
        let perThousand = Double(first.totalAPICalls) * 1000 / Double(max(first.read, 1))
        print("\n[\(name)] first pull: \(first.read.formatted()) records in "
            + String(format: "%.2f s = %.0f records/s; %d API calls = %.1f per 1,000 records; peak RSS %.0f MiB",
                first.seconds, rate, first.totalAPICalls, perThousand, ProcessMemory.peakMiB()))
        for stream in first.streams {
            print("  \(stream.stream): read \(stream.read.formatted()), created \(stream.created.formatted()), "
                + "updated \(stream.updated.formatted()), skipped \(stream.skipped.formatted()), "
                + "rejected \(stream.rejected.formatted()), pages \(stream.pages)")
        }
        // Rates over the whole pull's time (the streams run one after another; the report has no time per stream).
        let activities = first.streams.filter { activityStreams.contains($0.stream) }.reduce(0) { $0 + $1.read }
        let people = first.read - activities
        print("  people \(people.formatted()) = " + String(format: "%.0f/s", Double(people) / first.seconds)
            + ", activities \(activities.formatted()) = " + String(format: "%.0f/s", Double(activities) / first.seconds)
            + String(format: " (over the whole pull's %.2f s); %.1f API calls per 1,000 activities", first.seconds,
                     Double(first.totalAPICalls) * 1000 / Double(max(activities, 1))))
        print("  calls: " + first.apiCalls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", "))
        let second = try await puller.run(source: source(), connection: name, mapping: mapping)
        let changed = second.streams.reduce(0) { $0 + $1.created + $1.updated }
        print("[\(name)] second pull, nothing changed: \(second.totalAPICalls) API calls, "
            + "\(second.read.formatted()) records re-read (lookback), \(changed) created or updated"
            + String(format: ", %.2f s", second.seconds))
        print("  calls: " + second.apiCalls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", "))
    }

    /// A nightly HubSpot run: `nightlyContacts` contacts changed (as their analytics properties change when they
    /// visit the site) and `nightlyEventsPerContact` web events recorded on each, then a pull; prints its calls per
    /// endpoint, per 1,000 changed contacts.
    private func nightly(store: LeadStore, server: SandboxProcess, source: () -> HubSpotSource) async throws {
        let path = "Mappings/hubspot.yml"
        let mapping = try FieldMapping.parse(DefaultFiles.text(of: path), path: path)
        let changed = min(nightlyContacts, contacts)
        let step = max(contacts / max(changed, 1), 1)
        let control = SandboxControl(base: server.baseURL(for: .hubspot).deletingLastPathComponent())
        var recorded = [0, 0]
        for number in 0..<changed {
            let id = String(number * step + 1)
            try await control.post("edit", ["vendor": "hubspot", "object": "contacts", "id": id,
                                            "fields": ["hs_lead_status": "OPEN"]])
            for event in 0..<nightlyEventsPerContact {
                let form = event % 5 == 4
                try await control.post("create", [
                    "vendor": "hubspot", "object": "events", "contact": id,
                    "eventType": form ? "e_submitted_form" : "e_visited_page",
                    "properties": ["hs_url": form ? "https://www.example-saas.com/demo"
                                   : "https://www.example-saas.com/pricing"],
                ])
                recorded[form ? 1 : 0] += 1
            }
        }
        let puller = Puller(store: store, now: { Int64(Date().timeIntervalSince1970) })
        let run = try await puller.run(source: source(), connection: "hubspot", mapping: mapping)
        let events = run.streams.filter { HubSpotSource.defaultWebEvents.contains($0.stream) }
        print("[hubspot] nightly pull: \(changed.formatted()) contacts changed, \(recorded[0].formatted()) page views "
            + "and \(recorded[1].formatted()) form submissions recorded: \(run.totalAPICalls) API calls = "
            + String(format: "%.1f per 1,000 changed contacts", Double(run.totalAPICalls) * 1000 / Double(changed))
            + String(format: ", %.2f s", run.seconds))
        print("  web events: " + events.map { "\($0.stream) read \($0.read.formatted()), created "
            + "\($0.created.formatted()), pages \($0.pages)" }.joined(separator: "; ")
            + "; \(run.apiCalls[HubSpotSource.eventsEndpoint] ?? 0) events calls")
        print("  calls: " + run.apiCalls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", "))
    }

    private static let quiet = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The export files the bulk load made, from the sandbox's job listings: what the 500 MB a day counts.
    private static func exportSizes(_ source: MarketoSource) async throws {
        let token = try await source.tokens.token()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        let session = URLSession(configuration: configuration)
        for kind in ["leads", "activities"] {
            var request = URLRequest(url: source.baseURL.appendingPathComponent("bulk/v1/\(kind)/export.json"))
            request.setValue("Bearer " + token.value.reveal(), forHTTPHeaderField: "Authorization")
            let (data, _) = try await session.data(for: request)
            let jobs = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["result"] as? [[String: Any]]
                ?? []
            let bytes = jobs.compactMap { $0["fileSize"] as? Int }.reduce(0, +)
            let records = jobs.compactMap { $0["numberOfRecords"] as? Int }.reduce(0, +)
            print("  \(kind) export files: \(jobs.count) jobs, \(records.formatted()) records, "
                + String(format: "%.1f MB (%.0f bytes a record)", Double(bytes) / 1_000_000,
                         Double(bytes) / Double(max(records, 1))))
        }
    }
}

/// The sandbox's test controls (`/__sandbox/…`) over loopback.
struct SandboxControl {
    let base: URL
    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        return URLSession(configuration: configuration)
    }()

    func post(_ name: String, _ body: [String: Any]) async throws {
        var request = URLRequest(url: base.appendingPathComponent("__sandbox/\(name)"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, response) = try await session.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw ValidationError("sandbox control \(name) refused: " + String(decoding: data, as: UTF8.self))
        }
    }
}

/// `leadbridge-bench serve-sandbox`: the sandbox for `pull`, in a process of its own. Prints `port N` when ready.
struct SandboxServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-sandbox", abstract: "Serve the API sandbox for `pull` (used by `pull` itself).",
        shouldDisplay: false)

    @Option var contacts = 50_000
    @Option var activitiesPerContact = 4
    @Flag var noRateLimits = false

    func run() async throws {
        let configuration = SandboxConfiguration(
            contacts: contacts, activitiesPerContact: activitiesPerContact,
            rateLimits: noRateLimits ? .unlimited : SandboxRateLimits())
        let sandbox = try await SandboxServer.start(
            configuration, host: "127.0.0.1", port: 0,
            logger: Logger(label: "sandbox", factory: { _ in SwiftLogNoOpLogHandler() }))
        FileHandle.standardOutput.write(Data("port \(sandbox.port)\n".utf8))
        try await sandbox.waitUntilStopped()
    }
}

/// The child process serving the sandbox.
struct SandboxProcess {
    let process: Process
    let port: Int

    static func start(contacts: Int, activitiesPerContact: Int, noRateLimits: Bool) throws -> SandboxProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["serve-sandbox", "--contacts", String(contacts),
                             "--activities-per-contact", String(activitiesPerContact)]
            + (noRateLimits ? ["--no-rate-limits"] : [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix("port "),
              let port = Int(line.dropFirst("port ".count))
        else {
            process.terminate()
            throw ValidationError("the sandbox process did not start: \(text)")
        }
        return SandboxProcess(process: process, port: port)
    }

    func baseURL(for vendor: SandboxVendor) -> URL {
        URL(string: "http://127.0.0.1:\(port)/\(vendor.rawValue)")!
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

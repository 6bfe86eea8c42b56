import ArgumentParser
import Foundation
import LeadBridgeSandbox
import Logging

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve local emulators of the HubSpot, Salesforce, Marketo and Pardot APIs over generated data.",
        discussion: """
            One HTTP server on one port; each API lives under its own prefix (/hubspot, /salesforce, /marketo, \
            /pardot) and test controls under /__sandbox/ (reset, log, edit, faults). Runs until Ctrl-C. With \
            --state FILE, writes and rep edits survive restarts.
            """)

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8_787

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 42

    @Option(help: "How many people to generate.")
    var contacts: Int = 1_000

    @Option(help: "Activities per person.")
    var activitiesPerContact: Int = 10

    @Option(help: "SQLite file that keeps writes across restarts.")
    var state: String?

    @Flag(help: "Lift every rate limit (the vendors' published limits apply by default): for benchmarks.")
    var noRateLimits = false

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port must be 0…65535 (0 picks a free port)")
        }
        guard (0...10_000_000).contains(contacts) else { throw ValidationError("--contacts must be 0…10,000,000") }
        guard (0...999).contains(activitiesPerContact) else {
            throw ValidationError("--activities-per-contact must be 0…999")
        }
    }

    func run() async throws {
        var logger = Logger(label: "leadbridge.sandbox")
        logger.logLevel = .warning
        var configuration = SandboxConfiguration(
            seed: seed, contacts: contacts, activitiesPerContact: activitiesPerContact, statePath: state
        )
        if noRateLimits { configuration.rateLimits = .unlimited }
        let started = ContinuousClock.now
        let sandbox = try await SandboxServer.start(configuration, host: host, port: port, stopOnSignals: true,
                                                    logger: logger)
        let elapsed = started.duration(to: .now)
        let millis = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        print("sandbox listening on \(sandbox.baseURL.absoluteString) (\(contacts) contacts, seed \(seed), "
            + "started in \(millis) ms)")
        for vendor in SandboxVendor.allCases {
            let name = vendor.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            print("  \(name) \(sandbox.baseURL(for: vendor))")
        }
        print("""
              HubSpot     Authorization: Bearer \(SandboxCredentials.hubSpotAccessToken)
              Salesforce  client_id=\(SandboxCredentials.salesforceClientID) \
            client_secret=\(SandboxCredentials.salesforceClientSecret) \
            refresh_token=\(SandboxCredentials.salesforceRefreshToken)
              Marketo     client_id=\(SandboxCredentials.marketoClientID) \
            client_secret=\(SandboxCredentials.marketoClientSecret)
              Pardot      Salesforce access token + Pardot-Business-Unit-Id: \(SandboxCredentials.pardotBusinessUnitID)
              controls    \(sandbox.baseURL.absoluteString)/__sandbox/{reset,log,edit,faults,info}
            """)
        fflush(nil)  // scripts read the port from a pipe: do not leave it in the buffer
        try await sandbox.waitUntilStopped()
    }
}

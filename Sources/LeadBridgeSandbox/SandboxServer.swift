import Foundation
import Hummingbird
import Logging
import NIOCore

/// Starts the sandbox: a real HTTP/1.1 server on a loopback port that speaks the HubSpot, Salesforce, Marketo and
/// Pardot APIs over generated data.
///
/// ```swift
/// let sandbox = try await SandboxServer.start(SandboxConfiguration(contacts: 500), logger: logger)
/// defer { Task { await sandbox.stop() } }
/// print(sandbox.baseURL(for: .hubspot))   // http://127.0.0.1:49152/hubspot
/// ```
public enum SandboxServer {
    /// Generates the data, opens the state file if any, binds and starts serving.
    ///
    /// - Parameters:
    ///   - configuration: data, state file, limits and clock.
    ///   - host: the address to bind, `127.0.0.1` by default.
    ///   - port: the port to bind; 0 picks a free one.
    ///   - stopOnSignals: stop gracefully on SIGINT and SIGTERM (for the command line).
    ///   - logger: where the server logs.
    /// - Returns: the running sandbox, with its bound port.
    /// - Throws: ``SandboxError`` when the configuration is invalid, the state file belongs to other data, or the
    ///   address cannot be bound.
    public static func start(
        _ configuration: SandboxConfiguration,
        host: String = "127.0.0.1",
        port: Int = 0,
        stopOnSignals: Bool = false,
        logger: Logger
    ) async throws -> RunningSandbox {
        guard configuration.contacts >= 0, configuration.contacts <= 10_000_000,
              configuration.activitiesPerContact >= 0, configuration.activitiesPerContact < 1_000
        else {
            throw SandboxError(.invalidConfiguration,
                               "contacts must be 0…10,000,000 and activities per contact 0…999")
        }
        let dataSet = await SandboxDataSet(seed: configuration.seed, contacts: configuration.contacts,
                                           activitiesPerContact: configuration.activitiesPerContact,
                                           now: configuration.now)
        let database = try openState(configuration)
        let clock = SandboxClock(start: configuration.now, advances: configuration.advancesTime)
        let store = try SandboxStore(dataSet: dataSet, clock: clock, database: database,
                                     tokenLifetime: configuration.tokenLifetime, logger: logger)
        let services = SandboxServices(
            dataSet: dataSet, store: store, faults: SandboxFaultQueue(),
            limiter: SandboxRateLimiter(limits: configuration.rateLimits, clock: clock),
            engagements: HubSpotEngagementIndex(dataSet: dataSet),
            webEvents: HubSpotWebEventIndex(dataSet: dataSet),
            ingestJobs: SalesforceIngestJobs(failAfter: configuration.salesforceIngestRowsBeforeFailure,
                                             pollsInProgress: configuration.salesforceIngestPollsInProgress),
            exportJobs: MarketoExportJobs(limits: configuration.rateLimits,
                                          pollsProcessing: configuration.marketoExportPollsProcessing,
                                          fileRetention: configuration.marketoExportFileRetention),
            marketoUpdatedAtFilter: configuration.marketoUpdatedAtFilter,
            logger: logger
        )
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            responder: SandboxResponder(services: services),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? -1)
            },
            logger: logger
        )
        let task = Task {
            defer { continuation.finish() }
            if stopOnSignals {
                try await application.runService()
            } else {
                try await application.runService(gracefulShutdownSignals: [])
            }
        }
        var bound: Int?
        for await value in ports {
            bound = value
            break
        }
        guard let bound, bound > 0 else {
            task.cancel()
            if case .failure(let error) = await task.result { throw error }
            throw SandboxError(.bindFailed, "the server did not bind \(host):\(port)")
        }
        logger.info("sandbox listening",
                    metadata: ["sandbox.port": "\(bound)", "sandbox.contacts": "\(dataSet.contactCount)"])
        return RunningSandbox(host: host, port: bound, configuration: configuration, services: services, task: task)
    }

    private static func openState(_ configuration: SandboxConfiguration) throws -> SandboxStateDatabase? {
        guard let path = configuration.statePath else { return nil }
        let database = try SandboxStateDatabase(path: path)
        let fingerprint = "seed=\(configuration.seed);contacts=\(configuration.contacts);"
            + "activities=\(configuration.activitiesPerContact);now=\(Int(configuration.now.timeIntervalSince1970))"
        if let stored = try database.fingerprint() {
            guard stored == fingerprint else {
                throw SandboxError(.stateMismatch, "\(path) holds the state of another data set (\(stored)); use "
                    + "the same --seed/--contacts/--activities-per-contact or another --state file")
            }
        } else {
            try database.setFingerprint(fingerprint)
        }
        return database
    }
}

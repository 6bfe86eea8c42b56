/// The `pull` job: pulls the chosen connections, one after the other, into the store.
///
/// For each connection it loads the mapping, opens the connector with what is left of the day's call budget
/// (`api_calls_today` counts the day's earlier runs), checks that every field the mapping reads exists remotely,
/// and pulls from the stored cursors minus the connection's `lookback_minutes`. The ``Puller`` records each pull's
/// run (ok, partial or failed) in the store.
///
/// ```swift
/// let job = PullJob(store: store, connectors: ConnectorRegistry.standard(), environment: environment)
/// let outcome = try await job.run(config: config, connections: [], full: false) { report in render(report) }
/// ```
public struct PullJob: Sendable {
    public var store: LeadStore
    public var connectors: any ConnectorFactory
    public var environment: JobEnvironment

    public init(store: LeadStore, connectors: any ConnectorFactory, environment: JobEnvironment) {
        self.store = store
        self.connectors = connectors
        self.environment = environment
    }

    /// What a whole pull came to.
    public struct Outcome: Sendable {
        /// One report per connection, in the order pulled.
        public var reports: [PullReport]
        /// Some records were rejected or a budget stopped a connection early (the CLI's exit code 3).
        public var isPartial: Bool { reports.contains { $0.interruption != nil || $0.rejected > 0 } }
    }

    /// The connections a pull covers: those named, or every connection of a kind with an API connector.
    ///
    /// - Throws: ``ConfigurationError`` for an unknown name, or when the config has no API connection.
    public func connections(named names: [String], in config: LeadBridgeConfig) throws(ConfigurationError)
        -> [ConnectionConfig]
    {
        guard names.isEmpty else {
            var selected: [ConnectionConfig] = []
            for name in names { selected.append(try config.connection(named: name)) }
            return selected
        }
        let selected = config.connections.filter { connectors.kinds.contains($0.kind) }
        guard !selected.isEmpty else {
            let kinds = connectors.kinds.map(\.rawValue).sorted().joined(separator: " or ")
            throw ConfigurationError(file: config.path, "no \(kinds) connection in the config; add one under "
                + "`connections:` (see the commented examples)")
        }
        return selected
    }

    /// Pulls the named connections (all API connections when `names` is empty).
    ///
    /// - Parameters:
    ///   - full: ignore stored cursors and read every record again.
    ///   - progress: called after each stored page, with the connection's name.
    ///   - pulled: called with each connection's report as soon as it is done.
    /// - Throws: ``ConfigurationError`` for a config, mapping or unknown remote field; ``PullFailure`` when a
    ///   connection's remote fails (what was stored before stays); the store's error.
    @discardableResult
    public func run(
        config: LeadBridgeConfig, connections names: [String], full: Bool,
        progress: (@Sendable (String, PullProgress) -> Void)? = nil, pulled: (PullReport) -> Void = { _ in }
    ) async throws -> Outcome {
        var outcome = Outcome(reports: [])
        for connection in try connections(named: names, in: config) {
            var connectionProgress: (@Sendable (PullProgress) -> Void)?
            if let progress {
                let name = connection.name
                connectionProgress = { progress(name, $0) }
            }
            let report = try await pull(connection, full: full, progress: connectionProgress)
            outcome.reports.append(report)
            pulled(report)
        }
        return outcome
    }

    /// Pulls one connection.
    public func pull(
        _ connection: ConnectionConfig, full: Bool, progress: (@Sendable (PullProgress) -> Void)? = nil
    ) async throws -> PullReport {
        let mapping: FieldMapping
        let connector: any Connector
        let warnings: [Diagnostic]
        do {
            let configured = try FieldMapping.load(path: connection.mappingPath)
            let usedToday = try store.apiCallsToday(connection: connection.name, now: environment.now())
            connector = try connectors.open(connection, callsUsedToday: usedToday, logger: environment.logger)
            let unknown = configured.settingAsideMissingOptionalFields(try await connector.unknownFields(configured))
            if !unknown.errors.isEmpty { throw ConfigurationError(unknown.errors) }
            (mapping, warnings) = (unknown.mapping, unknown.warnings)
        } catch {
            // The puller records the runs it starts; a pull that fails before it starts is recorded here.
            try? recordFailure(of: connection, error)
            if let failure = error as? any RemoteFailure {
                throw PullFailure(connection: connection.name, cause: failure)
            }
            throw error
        }
        let puller = Puller(
            store: store, environment: environment, lookbackMinutes: connection.settings.api?.lookbackMinutes ?? 5)
        do {
            var report = try await puller.run(source: connector.source, connection: connection.name,
                                              mapping: mapping, full: full, progress: progress)
            report.warnings = warnings.map(\.description)
            return report
        } catch let failure as any RemoteFailure {
            throw PullFailure(connection: connection.name, cause: failure)
        }
    }

    /// A failed run for a pull that stopped before reading anything (its mapping, credentials or remote fields).
    private func recordFailure(of connection: ConnectionConfig, _ error: any Error) throws(StoreError) {
        let run = try store.startRun(command: "pull", connection: connection.name, now: environment.now())
        try store.finishRun(run, status: .failed, counts: [:], message: "\(error)", now: environment.now())
    }
}

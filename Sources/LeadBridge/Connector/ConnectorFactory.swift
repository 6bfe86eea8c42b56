import Logging

/// Opens a ``Connector`` for a connection, by its kind: how jobs in the core reach the connectors without
/// importing them.
///
/// The connectors' `ConnectorRegistry` is the one implementation: one entry per kind, so adding a vendor is one
/// more entry, not one more case in every command.
public protocol ConnectorFactory: Sendable {
    /// The kinds that have an API connector (the connections `pull` reads by default).
    var kinds: Set<ConnectionConfig.Kind> { get }

    /// Opens the connection's connector.
    ///
    /// - Parameters:
    ///   - connection: its config; its typed settings were checked when the config loaded.
    ///   - callsUsedToday: calls this connection already made today (``LeadStore/apiCallsToday(connection:now:)``),
    ///     taken from its `api_budget_per_day`.
    ///   - logger: the logger the connector logs to, with `crm.connection` added.
    /// - Throws: ``ConfigurationError`` naming the missing credential or the kind without a connector.
    func open(_ connection: ConnectionConfig, callsUsedToday: Int, logger: Logger) throws(ConfigurationError)
        -> any Connector
}

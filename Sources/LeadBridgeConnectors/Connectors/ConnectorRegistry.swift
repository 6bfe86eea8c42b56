import Foundation
import LeadBridge
import Logging

/// The connectors by connection kind: the ``ConnectorFactory`` the CLI hands to the jobs.
///
/// Each entry opens one kind; adding a vendor is registering one more entry.
///
/// ```swift
/// var registry = ConnectorRegistry.standard()
/// registry.register(.marketo) { connection, context throws(ConfigurationError) in
///     try MarketoConnector.open(connection, context: context)
/// }
/// let connector = try registry.open(connection, callsUsedToday: 0, logger: logger)
/// ```
public struct ConnectorRegistry: ConnectorFactory {
    /// Opens one kind's connector.
    public typealias Opener = @Sendable (ConnectionConfig, ConnectorContext) throws(ConfigurationError)
        -> any Connector

    /// Sends every request of the connectors this registry opens.
    public var transport: any HTTPTransport
    private var openers: [ConnectionConfig.Kind: Opener] = [:]

    /// An empty registry (see ``standard(transport:)``).
    public init(transport: any HTTPTransport = URLSessionTransport()) {
        self.transport = transport
    }

    /// HubSpot, Salesforce, Marketo and Pardot.
    public static func standard(transport: any HTTPTransport = URLSessionTransport()) -> ConnectorRegistry {
        var registry = ConnectorRegistry(transport: transport)
        registry.register(.hubspot) { connection, context throws(ConfigurationError) in
            try HubSpotConnector.open(connection, context: context)
        }
        registry.register(.salesforce) { connection, context throws(ConfigurationError) in
            try SalesforceConnector.open(connection, context: context)
        }
        registry.register(.pardot) { connection, context throws(ConfigurationError) in
            try PardotConnector.open(connection, context: context)
        }
        registry.register(.marketo) { connection, context throws(ConfigurationError) in
            try MarketoConnector.open(connection, context: context)
        }
        return registry
    }

    /// Registers (or replaces) the opener of a kind.
    public mutating func register(_ kind: ConnectionConfig.Kind, _ opener: @escaping Opener) {
        openers[kind] = opener
    }

    public var kinds: Set<ConnectionConfig.Kind> { Set(openers.keys) }

    public func open(_ connection: ConnectionConfig, callsUsedToday: Int, logger: Logger) throws(ConfigurationError)
        -> any Connector
    {
        guard let opener = openers[connection.kind] else {
            throw ConfigurationError(file: connection.position, "connections.\(connection.name): "
                + "`\(connection.kind.rawValue)` connections have no API connector yet; use `leadbridge import` "
                + "with an export file")
        }
        var logger = logger
        logger[metadataKey: "crm.connection"] = "\(connection.name)"
        let budget = connection.settings.api?.budget(callsUsedToday: callsUsedToday)
        return try opener(connection, ConnectorContext(
            transport: transport, ledger: CallLedger(budget: budget), logger: logger))
    }
}

/// A remote system opened from its connection config: what `pull`, `push`, `discover` and `check` work with.
///
/// The core defines it and the connectors implement it (HubSpot, Salesforce; Marketo and Pardot next); a
/// ``ConnectorFactory`` opens one by the connection's kind, so the jobs never switch on vendors.
///
/// ```swift
/// let connector = try factory.open(config.connection(named: "hubspot"), callsUsedToday: 0, logger: logger)
/// let report = try await puller.run(source: connector.source, connection: "hubspot", mapping: mapping)
/// ```
public protocol Connector: Sendable {
    associatedtype Source: RecordSource

    /// What a pull reads.
    var source: Source { get }

    /// What a push writes to; nil while the connector cannot write.
    var sink: (any RecordSink)? { get }

    /// The remote objects a pull reads, with their fields (one properties or describe call per object).
    ///
    /// - Throws: the connector's error (a ``RemoteFailure``).
    func discover() async throws -> [RemoteObject]

    /// The mapping's source fields that the remote objects lack, where the mapping names them; empty when all
    /// exist.
    func unknownFields(_ mapping: FieldMapping) async throws -> [Diagnostic]

    /// Signs in with the cheapest authenticated call, checks the mapping's fields exist remotely and, when they
    /// do, its value maps against the remote picklists; checks that every `push:` field exists and is writable on
    /// each object a push writes, and its value map against the remote options.
    func check(_ mapping: FieldMapping) async throws -> ConnectorCheck
}

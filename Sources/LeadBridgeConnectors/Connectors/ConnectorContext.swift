import Foundation
import LeadBridge
import Logging

/// What a ``ConnectorRegistry`` hands an opener besides the connection's config: the transport, the call ledger
/// with the connection's budget for this run, and the logger.
public struct ConnectorContext: Sendable {
    public var transport: any HTTPTransport
    public var ledger: CallLedger
    public var logger: Logger

    public init(transport: any HTTPTransport, ledger: CallLedger, logger: Logger) {
        self.transport = transport
        self.ledger = ledger
        self.logger = logger
    }
}

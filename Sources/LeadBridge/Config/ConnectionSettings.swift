/// A connection's settings, typed per kind and checked when the config loads
/// (``LeadBridgeConfig/load(path:environment:)``): a wrong value or a key the kind does not have is a configuration
/// error at its file:line.
public enum ConnectionSettings: Sendable, Equatable {
    /// Export files have no settings besides their mapping.
    case file
    case hubspot(HubSpotSettings)
    case salesforce(SalesforceSettings)
    case marketo(MarketoSettings)
    case pardot(PardotSettings)

    /// The defaults of a kind.
    public init(defaultsFor kind: ConnectionConfig.Kind) {
        switch kind {
        case .file: self = .file
        case .hubspot: self = .hubspot(HubSpotSettings())
        case .salesforce: self = .salesforce(SalesforceSettings())
        case .marketo: self = .marketo(MarketoSettings())
        case .pardot: self = .pardot(PardotSettings())
        }
    }

    /// The settings every API connection has; nil for an export-file connection.
    public var api: APISettings? {
        switch self {
        case .file: nil
        case .hubspot(let settings): settings.api
        case .salesforce(let settings): settings.api
        case .marketo(let settings): settings.api
        case .pardot(let settings): settings.api
        }
    }
}

import Foundation
import LeadBridge

/// A `kind: hubspot` connection: a private-app token, contacts and engagements pulled by ``HubSpotSource``, contact
/// fields read and written back in batches by ``HubSpotSink``.
public struct HubSpotConnector: Connector {
    public let source: HubSpotSource

    public init(source: HubSpotSource) {
        self.source = source
    }

    /// Opens the connection: `base_url`, `token` from the environment, `page_size`, `engagements` and
    /// `web_events`.
    public static func open(_ connection: ConnectionConfig, context: ConnectorContext) throws(ConfigurationError)
        -> HubSpotConnector
    {
        let baseURL = try connection.httpBaseURL(example: "https://api.hubapi.com")
        let settings: HubSpotSettings
        if case .hubspot(let typed) = connection.settings { settings = typed } else { settings = HubSpotSettings() }
        let client = HTTPClient(
            transport: context.transport, dialect: HubSpotSource.dialect,
            authenticator: StaticToken(try connection.requiredSecret("token")), ledger: context.ledger,
            logger: context.logger)
        return HubSpotConnector(source: HubSpotSource(
            client: client, baseURL: baseURL, pageSize: settings.api.pageSize ?? 200,
            engagementObjects: settings.engagements, webEvents: settings.webEvents))
    }

    public var sink: (any RecordSink)? { HubSpotSink(source: source) }

    public func discover() async throws -> [RemoteObject] {
        [RemoteObject(name: "contacts", fields: try await source.properties(), key: "id",
                      modified: "properties.lastmodifieddate")]
    }

    public func unknownFields(_ mapping: FieldMapping) async throws -> [Diagnostic] {
        try await unknownFields(mapping, properties: try await source.properties())
    }

    public func check(_ mapping: FieldMapping) async throws -> ConnectorCheck {
        let properties = try await source.properties()
        var check = ConnectorCheck(summary: "authenticated; contacts have \(properties.count) properties")
        check.unknownFields = try await unknownFields(mapping, properties: properties)
        check.unwritableFields = unwritablePushFields(mapping, properties: properties)
        if check.unknownFields.isEmpty {
            // The properties again, as `check` always read them: a second authenticated call.
            check.picklistWarnings = mapping.uncoveredPicklistValues(
                try await source.properties().picklists, stream: .contacts, source: "HubSpot contact properties")
        }
        let byName = Dictionary(properties.map { ($0.name, $0) }) { first, _ in first }
        for rule in mapping.push {
            check.picklistWarnings += rule.unlistedValues(
                options: byName["properties." + rule.remoteField]?.options ?? [], source: "HubSpot contact properties")
        }
        return check
    }

    /// The `push:` entries whose contact property the portal lacks, or describes as read-only
    /// (`modificationMetadata.readOnlyValue`: HubSpot sets its value, as it calculates `hubspotscore`), at the entry.
    func unwritablePushFields(_ mapping: FieldMapping, properties: [RemoteField]) -> [Diagnostic] {
        let byName = Dictionary(properties.map { ($0.name, $0) }) { first, _ in first }
        let names = properties.map { $0.name.hasPrefix("properties.") ? String($0.name.dropFirst(11)) : $0.name }
        return mapping.push.compactMap { rule in
            let what = "push.\(rule.source.rawValue)"
            guard let property = byName["properties." + rule.remoteField] else {
                return Diagnostic(at: rule.position, message: "\(what): `\(rule.remoteField)` is not a HubSpot "
                    + "contact property\(Suggestion.didYouMean(rule.remoteField, in: names)); create "
                    + "\(rule.source.hubSpotCustomProperty) in HubSpot (Settings → Properties) and push to it; "
                    + "`leadbridge discover hubspot` lists the portal's properties")
            }
            guard property.readOnly else { return nil }
            return Diagnostic(at: rule.position, message: "\(what): `\(rule.remoteField)` is read-only in HubSpot "
                + "(HubSpot calculates it); create \(rule.source.hubSpotCustomProperty) in HubSpot (Settings → "
                + "Properties) and push to it")
        }
    }

    private func unknownFields(_ mapping: FieldMapping, properties: [RemoteField]) async throws -> [Diagnostic] {
        let names = ["id", "createdAt", "updatedAt", "archived"] + properties.map(\.name)
        return mapping.missingSourceFields(names, stream: .contacts, source: "HubSpot contact properties")?
            .diagnostics ?? []
    }
}

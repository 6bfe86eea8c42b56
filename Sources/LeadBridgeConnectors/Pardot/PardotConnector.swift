import Foundation
import LeadBridge

/// A `kind: pardot` connection (Account Engagement, XML API v4): prospects and visitor activities pulled by
/// ``PardotSource`` with a Salesforce access token and the connection's `business_unit_id`. Read-only for now.
public struct PardotConnector: Connector {
    public let source: PardotSource

    public init(source: PardotSource) {
        self.source = source
    }

    /// Opens the connection: `base_url` (the Pardot API host, `https://pi.pardot.com`), `login_url` (the
    /// Salesforce login or My Domain URL; default `https://login.salesforce.com`), `business_unit_id`, and the
    /// connected app's `client_id`, `client_secret`, `refresh_token` from the environment (without a refresh token,
    /// the client-credentials flow), `page_size`.
    public static func open(_ connection: ConnectionConfig, context: ConnectorContext) throws(ConfigurationError)
        -> PardotConnector
    {
        let baseURL = try connection.httpBaseURL(example: "https://pi.pardot.com")
        let settings: PardotSettings
        if case .pardot(let typed) = connection.settings { settings = typed } else { settings = .init() }
        guard let unit = settings.businessUnitID else {
            throw ConfigurationError(file: connection.position, "connections.\(connection.name): "
                + "`business_unit_id:` is missing; Pardot needs the business unit id (18 characters starting with "
                + "0Uv; Salesforce Setup → Account Engagement → Business Unit Setup shows it)")
        }
        let loginURL = URL(string: settings.loginURL ?? "https://login.salesforce.com")!
        let clientID = try connection.requiredSecret("client_id")
        let grant: SalesforceGrant
        if let refresh = try connection.secret("refresh_token") {
            grant = .refreshToken(clientID: clientID, clientSecret: try connection.secret("client_secret"),
                                  refreshToken: refresh)
        } else {
            grant = .clientCredentials(clientID: clientID, clientSecret: try connection.requiredSecret("client_secret"))
        }
        return PardotConnector(source: PardotSource.make(
            baseURL: baseURL, loginURL: loginURL, businessUnitID: unit, grant: grant, transport: context.transport,
            ledger: context.ledger, logger: context.logger, pageSize: settings.api.pageSize ?? 200))
    }

    public var sink: (any RecordSink)? { nil }

    public func discover() async throws -> [RemoteObject] {
        [RemoteObject(name: PardotSource.prospectObject, fields: try await source.prospectFields(), key: "id",
                      modified: "updated_at"),
         RemoteObject(name: PardotSource.activityObject, fields: PardotSource.activityFields.map {
             RemoteField(name: $0, label: $0, type: "string", readOnly: true)
         }, key: "id", modified: "created_at")]
    }

    public func unknownFields(_ mapping: FieldMapping) async throws -> [Diagnostic] {
        unknownFields(mapping, prospectFields: try await source.prospectFields())
    }

    func unknownFields(_ mapping: FieldMapping, prospectFields: [RemoteField]) -> [Diagnostic] {
        var diagnostics = mapping.missingSourceFields(
            prospectFields.map(\.name), stream: .contacts,
            source: "Pardot prospect fields")?.diagnostics ?? []
        if mapping.activities != nil {
            diagnostics += mapping.missingSourceFields(
                PardotSource.activityFields, stream: .activities,
                source: "Pardot visitor activity fields")?.diagnostics ?? []
        }
        return diagnostics
    }

    /// Signs in (a token and one prospect query) and checks the mapping's fields exist; two calls in all.
    public func check(_ mapping: FieldMapping) async throws -> ConnectorCheck {
        let fields = try await source.prospectFields()
        var check = ConnectorCheck(summary: "authenticated (business unit \(source.businessUnitID)); prospects have "
            + "\(fields.count) fields")
        check.unknownFields = unknownFields(mapping, prospectFields: fields)
        return check
    }
}

import Foundation
import LeadBridge

/// A `kind: salesforce` connection: OAuth2 (refresh-token or client-credentials grant), Leads, Contacts and Tasks
/// pulled by ``SalesforceSource``; Bulk API 2.0 ingest jobs for push backfills through ``bulk``. No sink yet (the
/// push milestone adds composite/sobjects).
public struct SalesforceConnector: Connector {
    public let source: SalesforceSource
    /// Bulk API 2.0 ingest jobs on the source's client, with the connection's `bulk_threshold`.
    public let bulk: SalesforceBulkIngest

    public init(source: SalesforceSource, bulk: SalesforceBulkIngest? = nil) {
        self.source = source
        self.bulk = bulk ?? SalesforceBulkIngest(source: source)
    }

    /// Opens the connection: `base_url` (the login or My Domain URL), `client_id`, `client_secret` and
    /// `refresh_token` from the environment (without a refresh token, the client-credentials flow), `page_size`,
    /// `bulk_threshold`.
    public static func open(_ connection: ConnectionConfig, context: ConnectorContext) throws(ConfigurationError)
        -> SalesforceConnector
    {
        let baseURL = try connection.httpBaseURL(example: "https://login.salesforce.com")
        let settings: SalesforceSettings
        if case .salesforce(let typed) = connection.settings { settings = typed } else { settings = .init() }
        let clientID = try connection.requiredSecret("client_id")
        let grant: SalesforceGrant
        if let refresh = try connection.secret("refresh_token") {
            grant = .refreshToken(clientID: clientID, clientSecret: try connection.secret("client_secret"),
                                  refreshToken: refresh)
        } else {
            grant = .clientCredentials(clientID: clientID, clientSecret: try connection.requiredSecret("client_secret"))
        }
        let source = SalesforceSource.make(
            loginURL: baseURL, grant: grant, transport: context.transport, ledger: context.ledger,
            logger: context.logger, batchSize: settings.api.pageSize ?? 2_000)
        return SalesforceConnector(source: source, bulk: SalesforceBulkIngest(
            source: source, bulkThreshold: settings.bulkThreshold))
    }

    public var sink: (any RecordSink)? { nil }

    public func discover() async throws -> [RemoteObject] {
        var result: [RemoteObject] = []
        for object in source.objects {
            result.append(RemoteObject(name: object, fields: try await source.describe(object), key: "Id",
                                       modified: "SystemModstamp"))
        }
        return result
    }

    /// Checks the contact object's fields, and the activity object's when the mapping has `activities:`; the
    /// describes are cached and reused by the pull that follows.
    public func unknownFields(_ mapping: FieldMapping) async throws -> [Diagnostic] {
        var diagnostics = mapping.missingSourceFields(
            try await source.describe(mapping.object).map(\.name), stream: .contacts,
            source: "Salesforce \(mapping.object) fields")?.diagnostics ?? []
        if let activities = mapping.activities {
            diagnostics += mapping.missingSourceFields(
                try await source.describe(activities.object).map(\.name), stream: .activities,
                source: "Salesforce \(activities.object) fields")?.diagnostics ?? []
        }
        return diagnostics
    }

    public func check(_ mapping: FieldMapping) async throws -> ConnectorCheck {
        let token = try await source.tokens.token()
        let first = source.objects.first ?? "Lead"
        let fields = try await source.describe(first).count
        var check = ConnectorCheck(
            summary: "authenticated (instance \(token.instanceURL?.host ?? "?")); \(first) has \(fields) fields")
        check.unknownFields = try await unknownFields(mapping)
        guard check.unknownFields.isEmpty else { return check }
        check.picklistWarnings = mapping.uncoveredPicklistValues(
            try await source.describe(mapping.object).picklists, stream: .contacts,
            source: "Salesforce \(mapping.object) describe")
        if let activities = mapping.activities {
            check.picklistWarnings += mapping.uncoveredPicklistValues(
                try await source.describe(activities.object).picklists, stream: .activities,
                source: "Salesforce \(activities.object) describe")
        }
        return check
    }
}

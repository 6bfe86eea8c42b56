import Foundation
import LeadBridge

/// A `kind: marketo` connection: client credentials from a LaunchPoint custom service, leads, deleted leads and
/// activities pulled by ``MarketoSource``. It does not write yet (no sink).
public struct MarketoConnector: Connector {
    public let source: MarketoSource

    public init(source: MarketoSource) {
        self.source = source
    }

    /// Opens the connection: `base_url` (the REST endpoint without `/rest`, `https://<munchkin id>.mktorest.com`),
    /// `client_id` and `client_secret` from the environment, `page_size` (at most 300), `calls_per_20_seconds`
    /// (pacing, at most Marketo's 100), `first_load` (`paged` or `bulk`), `first_load_since` and
    /// `bulk_poll_seconds`. Bulk export files are downloaded to the system's temporary folder.
    public static func open(_ connection: ConnectionConfig, context: ConnectorContext) throws(ConfigurationError)
        -> MarketoConnector
    {
        let baseURL = try connection.httpBaseURL(example: "https://123-ABC-456.mktorest.com")
        let settings: MarketoSettings
        if case .marketo(let typed) = connection.settings { settings = typed } else { settings = .init() }
        let since = settings.firstLoadSince.map { $0 * 1000 }
        var bulk: MarketoBulkExtract?
        if settings.firstLoad == .bulk, let since {
            bulk = MarketoBulkExtract(since: since, pollInterval: .seconds(settings.bulkPollSeconds))
        }
        let source = MarketoSource.make(
            baseURL: baseURL, clientID: try connection.requiredSecret("client_id"),
            clientSecret: try connection.requiredSecret("client_secret"), transport: context.transport,
            ledger: context.ledger, logger: context.logger, batchSize: settings.api.pageSize ?? 300,
            callsPer20Seconds: settings.callsPer20Seconds, firstLoadSince: since, bulkExtract: bulk)
        return MarketoConnector(source: source)
    }

    public var sink: (any RecordSink)? { nil }

    /// `Lead` from `leads/describe.json`, and `activities` with the fields a pulled activity has: its own, and
    /// `attributes.<name>` for every attribute of every activity type.
    public func discover() async throws -> [RemoteObject] {
        [RemoteObject(name: "Lead", fields: try await source.describe(), key: "id", modified: "updatedAt"),
         RemoteObject(name: "activities", fields: try await activityFields(), key: "id", modified: "activityDate")]
    }

    func activityFields() async throws(APIError) -> [RemoteField] {
        var fields = [("id", "integer"), ("leadId", "integer"), ("activityDate", "datetime"),
                      ("activityTypeId", "integer"), ("activityType", "string"), ("primaryAttributeValue", "string"),
                      ("primaryAttributeValueId", "integer"), ("campaignId", "integer")]
            .map { RemoteField(name: $0.0, label: $0.0, type: $0.1, readOnly: true) }
        let types = try await source.types()
        var seen = Set(fields.map(\.name))
        for type in types {
            for attribute in type.attributes ?? [] where seen.insert("attributes." + attribute.name).inserted {
                fields.append(RemoteField(name: "attributes." + attribute.name, label: attribute.name,
                                          type: attribute.dataType ?? "string", readOnly: true))
            }
        }
        fields[4].options = types.map(\.name)
        return fields
    }

    public func unknownFields(_ mapping: FieldMapping) async throws -> [Diagnostic] {
        var diagnostics = mapping.missingSourceFields(
            try await source.describe().map(\.name), stream: .contacts,
            source: "Marketo lead fields")?.diagnostics ?? []
        if mapping.activities != nil {
            diagnostics += mapping.missingSourceFields(
                try await activityFields().map(\.name), stream: .activities,
                source: "Marketo activity fields")?.diagnostics ?? []
        }
        return diagnostics
    }

    public func check(_ mapping: FieldMapping) async throws -> ConnectorCheck {
        _ = try await source.tokens.token()
        let fields = try await source.describe().count
        let types = try await source.types().count
        var check = ConnectorCheck(summary: "authenticated; leads have \(fields) fields, \(types) activity types")
        check.unknownFields = try await unknownFields(mapping)
        return check
    }
}

import Foundation
import LeadBridge

/// A `kind: salesforce` connection: OAuth2 (refresh-token or client-credentials grant), Leads, Contacts and Tasks
/// pulled by ``SalesforceSource``, Lead and Contact fields written back by ``SalesforceSink`` (and through
/// Bulk API 2.0 ingest jobs, ``bulk``, for backfills above the connection's `bulk_threshold`).
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

    public var sink: (any RecordSink)? { SalesforceSink(source: source, bulk: bulk) }

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
        let push = try await checkPushFields(mapping)
        check.unwritableFields = push.unwritable
        if check.unknownFields.isEmpty {
            check.picklistWarnings = mapping.uncoveredPicklistValues(
                try await source.describe(mapping.object).picklists, stream: .contacts,
                source: "Salesforce \(mapping.object) describe")
            if let activities = mapping.activities {
                check.picklistWarnings += mapping.uncoveredPicklistValues(
                    try await source.describe(activities.object).picklists, stream: .activities,
                    source: "Salesforce \(activities.object) describe")
            }
        }
        check.picklistWarnings += push.warnings
        return check
    }

    /// Checks every `push:` field on each object a push writes (the person objects, Lead and Contact: a person may
    /// be linked to either): an error where the object lacks the field or its describe says `updateable: false`,
    /// and a warning for each value of the entry's `map:` that is not an active picklist value.
    func checkPushFields(_ mapping: FieldMapping) async throws -> (unwritable: [Diagnostic], warnings: [Diagnostic]) {
        guard !mapping.push.isEmpty else { return ([], []) }
        var describes: [(object: String, fields: [RemoteField])] = []
        for stream in source.streams where stream.kind == .contacts {
            describes.append((stream.object, try await source.describe(stream.object)))
        }
        func field(_ rule: PushFieldRule, in fields: [RemoteField]) -> RemoteField? {
            fields.first { $0.name.caseInsensitiveCompare(rule.remoteField) == .orderedSame }
        }
        var unwritable: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        for rule in mapping.push {
            let what = "push.\(rule.source.rawValue)"
            let missing = describes.filter { field(rule, in: $0.fields) == nil }
            if !missing.isEmpty {
                let objects = missing.map(\.object).joined(separator: " and ")
                let names = missing.flatMap { $0.fields.map(\.name) }
                unwritable.append(Diagnostic(at: rule.position, message: "\(what): `\(rule.remoteField)` is not a "
                    + "field of Salesforce \(objects)\(Suggestion.didYouMean(rule.remoteField, in: names)); a push "
                    + "writes it on every linked Lead and Contact: create \(rule.source.salesforceCustomField) on "
                    + "\(objects) (Setup → Object Manager → Fields & Relationships) and push to it; `leadbridge "
                    + "discover salesforce` lists the fields"))
            }
            let readOnly = describes.filter { field(rule, in: $0.fields)?.readOnly == true }
            if !readOnly.isEmpty {
                let objects = readOnly.map(\.object).joined(separator: " and ")
                unwritable.append(Diagnostic(at: rule.position, message: "\(what): `\(rule.remoteField)` is "
                    + "read-only on Salesforce \(objects) (its describe says `updateable: false`: a formula, system or "
                    + "auto-number field, or one the integration user may not edit); push to "
                    + "\(rule.source.salesforceCustomField) that the integration user can edit"))
            }
            // One warning per value for the objects whose picklists agree.
            var byOptions: [[String]: [String]] = [:]
            var order: [[String]] = []
            for (object, fields) in describes {
                guard let options = field(rule, in: fields)?.options, !options.isEmpty else { continue }
                if byOptions[options] == nil { order.append(options) }
                byOptions[options, default: []].append(object)
            }
            for options in order {
                let objects = byOptions[options] ?? []
                warnings += rule.unlistedValues(options: options, source: "Salesforce "
                    + objects.joined(separator: " and ") + (objects.count > 1 ? " describes" : " describe"))
            }
        }
        return (unwritable, warnings)
    }
}

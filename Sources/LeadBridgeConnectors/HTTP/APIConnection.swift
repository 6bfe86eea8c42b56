import Foundation
import LeadBridge
import Logging

/// A configured API connection (HubSpot or Salesforce) opened as a connector: what `pull`, `discover` and `check`
/// work with.
///
/// ```swift
/// let connection = try APIConnection.open(config.connection(named: "hubspot"), logger: logger)
/// let report = try await connection.pull(with: puller, mapping: mapping)
/// ```
public enum APIConnection: Sendable {
    case hubspot(HubSpotSource)
    case salesforce(SalesforceSource)

    /// The kinds this type opens.
    public static let kinds: Set<ConnectionConfig.Kind> = [.hubspot, .salesforce]

    /// Opens a connection from its config: base URL, credentials from the environment, `api_budget_per_run`,
    /// `api_budget_per_day` and `page_size`.
    ///
    /// - Parameter callsUsedToday: calls this connection already made today (``LeadStore/apiCallsToday``), taken
    ///   from `api_budget_per_day`.
    /// - Throws: ``ConfigurationError`` naming the missing credential or setting.
    public static func open(
        _ connection: ConnectionConfig, transport: any HTTPTransport = URLSessionTransport(), callsUsedToday: Int = 0,
        logger: Logger
    ) throws(ConfigurationError) -> APIConnection {
        func problem(_ message: String) -> ConfigurationError {
            ConfigurationError(file: connection.position, "connections.\(connection.name): \(message)")
        }
        func required(_ key: String) throws(ConfigurationError) -> Secret {
            guard let secret = try connection.secret(key) else {
                throw problem("`\(key):` is missing; add `\(key): ${ENV_VAR}` and export the variable")
            }
            return secret
        }
        guard let text = connection.baseURL, let baseURL = URL(string: text), baseURL.scheme?.hasPrefix("http") == true,
            baseURL.host != nil
        else {
            throw problem("`base_url:` must be an http(s) URL, e.g. https://api.hubapi.com")
        }
        func positive(_ key: String) throws(ConfigurationError) -> Int? {
            guard let value = connection.settings[key] else { return nil }
            guard let number = Int(value), number > 0 else {
                throw problem("`\(key): \(value)` must be a positive whole number of calls")
            }
            return number
        }
        let perRun = try positive("api_budget_per_run")
        let perDay = try positive("api_budget_per_day").map { max($0 - callsUsedToday, 0) }
        let budget = [perRun, perDay].compactMap { $0 }.min()
        let pageSize = connection.settings["page_size"].flatMap(Int.init)
        let ledger = CallLedger(budget: budget)
        var logger = logger
        logger[metadataKey: "crm.connection"] = "\(connection.name)"
        switch connection.kind {
        case .hubspot:
            let client = HTTPClient(transport: transport, dialect: HubSpotSource.dialect,
                                    authenticator: StaticToken(try required("token")), ledger: ledger, logger: logger)
            var engagements = HubSpotSource.defaultEngagementObjects
            if let setting = connection.settings["engagements"] {
                engagements = setting.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                if let unknown = engagements.first(where: { !HubSpotSource.knownEngagementObjects.contains($0) }) {
                    throw problem("`engagements:` names `\(unknown)`; list some of "
                        + HubSpotSource.knownEngagementObjects.joined(separator: ", ") + ", separated by commas")
                }
            }
            return .hubspot(HubSpotSource(client: client, baseURL: baseURL, pageSize: pageSize ?? 200,
                                          engagementObjects: engagements))
        case .salesforce:
            let clientID = try required("client_id")
            let grant: SalesforceGrant
            if let refresh = try connection.secret("refresh_token") {
                grant = .refreshToken(clientID: clientID, clientSecret: try connection.secret("client_secret"),
                                      refreshToken: refresh)
            } else {
                grant = .clientCredentials(clientID: clientID, clientSecret: try required("client_secret"))
            }
            return .salesforce(SalesforceSource.make(
                loginURL: baseURL, grant: grant, transport: transport, ledger: ledger, logger: logger,
                batchSize: pageSize ?? 2_000))
        default:
            throw problem("`\(connection.kind.rawValue)` connections have no API connector yet; "
                + "use `leadbridge import` with an export file")
        }
    }

    /// Pulls the connection's streams (see ``Puller/run(source:connection:mapping:streams:full:progress:)``).
    public func pull(
        with puller: Puller, connection: String, mapping: FieldMapping, full: Bool = false,
        progress: (@Sendable (PullProgress) -> Void)? = nil
    ) async throws -> PullReport {
        switch self {
        case .hubspot(let source):
            try await puller.run(source: source, connection: connection, mapping: mapping, full: full,
                                 progress: progress)
        case .salesforce(let source):
            try await puller.run(source: source, connection: connection, mapping: mapping, full: full,
                                 progress: progress)
        }
    }

    /// The remote fields of each object a pull reads, for `discover`.
    public func remoteFields() async throws(APIError) -> [(object: String, fields: [RemoteField])] {
        switch self {
        case .hubspot(let source):
            return [("contacts", try await source.properties())]
        case .salesforce(let source):
            var result: [(String, [RemoteField])] = []
            for object in source.objects { result.append((object, try await source.describe(object))) }
            return result
        }
    }

    /// Checks the mapping's source fields against the remote objects' fields (one properties or describe call per
    /// object; Salesforce describes are reused by the pull that follows).
    ///
    /// - Returns: an error naming each unknown field where the mapping names it; nil when all exist.
    public func checkMapping(_ mapping: FieldMapping) async throws(APIError) -> ConfigurationError? {
        var diagnostics: [Diagnostic] = []
        switch self {
        case .hubspot(let source):
            let names = ["id", "createdAt", "updatedAt", "archived"] + (try await source.properties()).map(\.name)
            diagnostics += mapping.missingSourceFields(names, stream: .contacts, source: "HubSpot contact properties")?
                .diagnostics ?? []
        case .salesforce(let source):
            let object = mapping.object
            let names = try await source.describe(object).map(\.name)
            diagnostics += mapping.missingSourceFields(names, stream: .contacts, source: "Salesforce \(object) fields")?
                .diagnostics ?? []
            if let activities = mapping.activities {
                let names = try await source.describe(activities.object).map(\.name)
                diagnostics += mapping.missingSourceFields(
                    names, stream: .activities, source: "Salesforce \(activities.object) fields")?.diagnostics ?? []
            }
        }
        return diagnostics.isEmpty ? nil : ConfigurationError(diagnostics)
    }

    /// Proves the credentials and the base URL with the cheapest authenticated call; returns what was checked.
    public func checkConnectivity() async throws(APIError) -> String {
        switch self {
        case .hubspot(let source):
            let count = try await source.properties().count
            return "authenticated; contacts have \(count) properties"
        case .salesforce(let source):
            let token = try await source.tokens.token()
            let fields = try await source.describe(source.objects.first ?? "Lead").count
            return "authenticated (instance \(token.instanceURL?.host ?? "?")); "
                + "\(source.objects.first ?? "Lead") has \(fields) fields"
        }
    }
}

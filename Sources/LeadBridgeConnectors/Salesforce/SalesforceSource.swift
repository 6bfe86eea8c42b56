import Foundation
import LeadBridge
import Logging

/// Salesforce Leads, Contacts and Tasks as a ``RecordSource``: SOQL (`queryAll`, so deletions arrive as
/// tombstones) on `SystemModstamp`, following `nextRecordsUrl`.
///
/// Access tokens come from the OAuth token endpoint (refresh-token or client-credentials grant) and are refreshed
/// once when the API answers `INVALID_SESSION_ID`. The query asks only for the fields the mapping reads that the
/// object has (from its describe); a Contact's `MailingCountry`/`MailingCity` stand in for a Lead's
/// `Country`/`City`. When a query locator has expired (a slow consumer), the query restarts from the last
/// (SystemModstamp, Id) read.
///
/// ```swift
/// let source = SalesforceSource.make(loginURL: URL(string: "https://acme.my.salesforce.com")!,
///     grant: .refreshToken(clientID: id, clientSecret: secret, refreshToken: refresh), logger: logger)
/// ```
public struct SalesforceSource: RecordSource {
    public let client: HTTPClient
    public let tokens: TokenCache
    public var apiVersion: String
    /// Records per query batch (`Sforce-Query-Options: batchSize`, 200–2,000).
    public var batchSize: Int
    public var objects: [String]
    let describes = SalesforceDescribeCache()

    static let tokenEndpoint = "POST /services/oauth2/token"

    public init(client: HTTPClient, tokens: TokenCache, apiVersion: String = "v60.0", batchSize: Int = 2_000,
                objects: [String] = ["Lead", "Contact", "Task"]) {
        self.client = client
        self.tokens = tokens
        self.apiVersion = apiVersion
        self.batchSize = min(max(batchSize, 200), 2_000)
        self.objects = objects
    }

    /// A source with its own token cache, sharing the transport, ledger and retry policy with the token requests.
    public static func make(
        loginURL: URL, grant: SalesforceGrant, transport: any HTTPTransport = URLSessionTransport(),
        ledger: CallLedger = CallLedger(), retry: RetryPolicy = RetryPolicy(),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger, batchSize: Int = 2_000,
        objects: [String] = ["Lead", "Contact", "Task"]
    ) -> SalesforceSource {
        let tokenClient = HTTPClient(transport: transport, dialect: tokenDialect, authenticator: nil, ledger: ledger,
                                     retry: retry, clock: clock, logger: logger)
        let tokens = TokenCache { generation throws(APIError) in
            try await fetchToken(client: tokenClient, loginURL: loginURL, grant: grant, generation: generation)
        }
        let client = HTTPClient(transport: transport, dialect: dialect, authenticator: tokens, ledger: ledger,
                                retry: retry, clock: clock, logger: logger)
        return SalesforceSource(client: client, tokens: tokens, batchSize: batchSize, objects: objects)
    }

    /// Salesforce's REST error array, `INVALID_SESSION_ID`, and the daily `REQUEST_LIMIT_EXCEEDED`.
    public static let dialect = APIDialect(
        errorDetail: { response in
            guard let entry = (try? JSONDecoder().decode([SalesforceWire.ErrorEntry].self, from: response.body))?.first
            else { return (nil, nil) }
            return (entry.errorCode, entry.message)
        },
        isSessionExpired: { response in
            response.status == 401
                || ((try? JSONDecoder().decode([SalesforceWire.ErrorEntry].self, from: response.body))?.first?
                    .errorCode == "INVALID_SESSION_ID")
        },
        isQuotaExhausted: { response in
            response.status == 403
                && (try? JSONDecoder().decode([SalesforceWire.ErrorEntry].self, from: response.body))?.first?
                    .errorCode == "REQUEST_LIMIT_EXCEEDED"
        })

    static let tokenDialect = APIDialect(errorDetail: { response in
        guard let body = try? JSONDecoder().decode(SalesforceWire.OAuthError.self, from: response.body) else {
            return (nil, nil)
        }
        return (body.error, body.error_description)
    }, isSessionExpired: { _ in false })

    static func fetchToken(client: HTTPClient, loginURL: URL, grant: SalesforceGrant, generation: Int)
        async throws(APIError) -> AccessToken
    {
        let url = loginURL.appendingPathComponent("services/oauth2/token")
        let body = Data(grant.form.map { "\($0.0)=\(formEncode($0.1))" }.joined(separator: "&").utf8)
        do throws(APIError) {
            let response = try await client.json(SalesforceWire.TokenResponse.self, endpoint: tokenEndpoint) { _ in
                HTTPRequest(.post, url, headers: [
                    "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
                ], body: body, idempotent: true)
            }
            guard let instance = URL(string: response.instance_url) else {
                throw APIError(.invalidResponse, endpoint: tokenEndpoint, message: "the token response has no "
                    + "usable instance_url")
            }
            return AccessToken(value: Secret(response.access_token), instanceURL: instance, generation: generation)
        } catch where error.code == .badRequest || error.code == .authentication || error.code == .permission {
            throw APIError(.authentication, endpoint: tokenEndpoint, status: error.status, apiCode: error.apiCode,
                message: "Salesforce refused the connected-app credentials (\(error.apiCode ?? "no code")); check "
                    + "client_id, client_secret and refresh_token")
        }
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    public var streams: [PullStream] {
        objects.map { PullStream(name: $0, object: $0, kind: $0 == "Task" ? .activities : .contacts) }
    }

    public func callCounts() async -> [String: Int] { await client.ledger.counts() }

    /// Salesforce ids start with their object's key prefix: `00Q` Lead, `003` Contact.
    public func contactObject(forReference id: String, mapped: String) -> String {
        if id.hasPrefix("00Q") { return "Lead" }
        if id.hasPrefix("003") { return "Contact" }
        return mapped
    }

    /// `queryAll`: like `query`, and also deleted records (`IsDeleted = true`), which become tombstones.
    var queryEndpoint: String { "GET /services/data/\(apiVersion)/queryAll" }
    var queryMoreEndpoint: String { "GET /services/data/\(apiVersion)/query/{locator}" }

    public func pages(_ request: PullRequest) -> PageSequence<SalesforcePageToken> {
        let source = self
        let first = SalesforcePageToken(nextRecordsURL: nil, since: request.modifiedSince, last: nil)
        return PageSequence(first: first, endpoint: queryEndpoint) { token in
            do {
                return try await source.fetch(token, request: request)
            } catch let error as APIError where error.code == .budgetExhausted || error.code == .quotaExhausted {
                throw PullInterruption(error.code == .budgetExhausted ? .budgetExhausted : .remoteLimit,
                    "salesforce: \(error.message)")
            }
        }
    }

    func fetch(_ token: SalesforcePageToken, request: PullRequest) async throws(APIError)
        -> (page: RecordPage, next: SalesforcePageToken?)
    {
        let object = request.stream.object
        let response: SalesforceWire.QueryResponse
        var token = token
        if let next = token.nextRecordsURL {
            do throws(APIError) {
                response = try await queryMore(next)
            } catch where error.apiCode == "INVALID_QUERY_LOCATOR" {
                // The query cursor expired (idle too long): restart from the last record read.
                client.logger.notice("query locator expired; restarting the query",
                                     metadata: ["crm.object": "\(object)"])
                token.nextRecordsURL = nil
                token.since = token.last.map { $0.time - $0.time % 1000 } ?? token.since
                return try await fetch(token, request: request)
            }
        } else {
            let (select, aliases) = try await selection(for: request)
            var soql = "SELECT \(select.joined(separator: ", ")) FROM \(object)"
            if let since = token.since { soql += " WHERE SystemModstamp >= \(WireTime.isoSeconds(since))" }
            soql += " ORDER BY SystemModstamp ASC, Id ASC"
            response = try await queryAll(soql)
            token.aliases = aliases
        }
        var records: [RawRecord] = []
        records.reserveCapacity(response.records.count)
        var deleted: [String] = []
        var next = token
        for record in response.records {
            var fields = record.fields
            guard let id = fields["Id"] else { continue }
            let modified = fields["SystemModstamp"].flatMap(WireTime.milliseconds)
            if let modified {
                let here = StreamCursor(time: modified, id: id)
                if let last = token.last, here <= last { continue }
                if next.last.map({ $0 < here }) ?? true { next.last = here }
            }
            if fields["IsDeleted"] == "true" {
                deleted.append(id)
                continue
            }
            for (alias, field) in token.aliases where fields[alias] == nil {
                if let value = fields[field] { fields[alias] = value }
            }
            next.read += 1
            records.append(RawRecord(fields: fields, location: RecordLocation(
                source: "salesforce \(object)", index: next.read)))
        }
        let page = RecordPage(records: records, cursor: next.last == token.last ? nil : next.last, deletedIDs: deleted)
        guard !response.done, let url = response.nextRecordsUrl else { return (page, nil) }
        next.nextRecordsURL = url
        return (page, next)
    }

    /// `GET …/queryAll?q=<soql>`: the first batch of a query.
    func queryAll(_ soql: String) async throws(APIError) -> SalesforceWire.QueryResponse {
        let query = "q=" + Self.formEncode(soql)
        return try await client.json(endpoint: queryEndpoint) { [apiVersion, batchSize, queryEndpoint]
            auth throws(APIError) in
            guard let base = auth?.instanceURL,
                let url = URL(string: "services/data/\(apiVersion)/queryAll?\(query)",
                              relativeTo: base.hasDirectoryPath ? base : base.appendingPathComponent(""))
            else {
                throw APIError(.invalidResponse, endpoint: queryEndpoint, message: "no instance URL")
            }
            return HTTPRequest(.get, url.absoluteURL, headers: Self.headers(auth, batchSize: batchSize))
        }
    }

    /// `GET <nextRecordsUrl>`: the next batch of a query.
    func queryMore(_ next: String) async throws(APIError) -> SalesforceWire.QueryResponse {
        try await client.json(endpoint: queryMoreEndpoint) { [batchSize, queryMoreEndpoint] auth throws(APIError) in
            guard let base = auth?.instanceURL, let url = URL(string: next, relativeTo: base) else {
                throw APIError(.invalidResponse, endpoint: queryMoreEndpoint, message: "bad nextRecordsUrl")
            }
            return HTTPRequest(.get, url.absoluteURL, headers: Self.headers(auth, batchSize: batchSize))
        }
    }

    /// The fields to select (the object's own, among those the mapping reads) and aliases (`Country` ←
    /// `MailingCountry`) for fields only another object has.
    func selection(for request: PullRequest) async throws(APIError) -> ([String], [String: String]) {
        let known = Set(try await describe(request.stream.object).map(\.name))
        var select = ["Id", "SystemModstamp"] + (known.contains("IsDeleted") ? ["IsDeleted"] : [])
        var aliases: [String: String] = [:]
        for field in request.fields where !select.contains(field) {
            if known.contains(field) {
                select.append(field)
            } else if known.contains("Mailing" + field) {
                select.append("Mailing" + field)
                aliases[field] = "Mailing" + field
            } else if request.stream.object == objects.first {
                throw APIError(.badRequest, endpoint: "GET /services/data/\(apiVersion)/sobjects/{object}/describe",
                    message: "the mapping reads `\(field)`, which \(request.stream.object) does not have; see "
                        + "`leadbridge discover` for its fields")
            }
        }
        return (select, aliases)
    }

    /// The object's fields, for `discover`, `check` and the query's field list.
    public func describe(_ object: String) async throws(APIError) -> [RemoteField] {
        let endpoint = "GET /services/data/\(apiVersion)/sobjects/{object}/describe"
        let (client, apiVersion) = (self.client, self.apiVersion)
        return try await describes.fields(of: object) { () async throws(APIError) -> [RemoteField] in
            let describe = try await client.json(SalesforceWire.Describe.self, endpoint: endpoint) {
                auth throws(APIError) in
                guard let base = auth?.instanceURL else {
                    throw APIError(.invalidResponse, endpoint: endpoint, message: "no instance URL")
                }
                let url = base.appendingPathComponent("services/data/\(apiVersion)/sobjects/\(object)/describe")
                return HTTPRequest(.get, url, headers: Self.headers(auth, batchSize: nil))
            }
            return describe.fields.map { field in
                RemoteField(name: field.name, label: field.label ?? field.name, type: field.type ?? "string",
                    readOnly: !(field.updateable ?? false),
                    options: field.picklistValues?.filter { $0.active != false }.map(\.value) ?? [])
            }
        }
    }

    static func headers(_ token: AccessToken?, batchSize: Int?) -> [String: String] {
        var headers = ["Accept": "application/json"]
        if let batchSize { headers["Sforce-Query-Options"] = "batchSize=\(batchSize)" }
        if let token { headers["Authorization"] = "Bearer " + token.value.reveal() }
        return headers
    }
}

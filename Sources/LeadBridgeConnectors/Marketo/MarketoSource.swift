import Foundation
import LeadBridge
import Logging

/// Marketo leads, deleted leads and activities as a ``RecordSource``, through the REST API's paging tokens.
///
/// - `leads`: the leads changed since the cursor, the documented way (`leads.json` has no `updatedAt` filter):
///   `activities/pagingtoken.json?sinceDatetime=` gives a token, `activities/leadchanges.json` (Change Data Value
///   activities of the mapped fields) and then `activities.json?activityTypeIds=12` (New Lead) give lead ids,
///   and `leads.json?filterType=id` reads those leads, 300 a call (as `POST …?_method=GET` when the URL would be
///   long).
/// - `deleted_leads`: `activities/deletedleads.json`, stored as tombstones.
/// - `activities`: `activities.json`, at most 10 activity type ids a call (more types: one pass per ten), only
///   the types the mapping's `type:` map keeps when its default is `skip`; the type's name is the record's
///   `activityType`, its attributes `attributes.<name>`.
///
/// Each page carries the stream's next token (``MarketoPageToken``), stored with it: a kill resumes at the page
/// after the last stored one. Paging ends only when Marketo says `moreResult: false` (an empty page may still say
/// true). Access tokens come from the identity endpoint (client credentials) and are renewed on 601/602; 606/615
/// back off; 607 (daily quota) and 1029 stop the run cleanly (``PullInterruption``).
///
/// ```swift
/// let source = MarketoSource.make(baseURL: URL(string: "https://123-ABC-456.mktorest.com")!,
///     clientID: id, clientSecret: secret, logger: logger)
/// ```
public struct MarketoSource: RecordSource {
    public let client: HTTPClient
    public let tokens: TokenCache
    /// The instance's REST base (`https://<munchkin id>.mktorest.com`), without `/rest`.
    public let baseURL: URL
    /// Records per page (`batchSize`, at most 300).
    public var batchSize: Int
    /// Where a first (or `--full`) pull starts reading changes and activities: `sinceDatetime` of its token.
    public var firstLoadSince: Int64
    /// Set for `first_load: bulk`: a stream without a cursor (leads, activities) is first loaded through the Bulk
    /// Extract API (``MarketoBulkPages``) from ``MarketoBulkExtract/since``; nil pages every load.
    public var bulkExtract: MarketoBulkExtract?
    let activityTypes = MarketoActivityTypeCache()

    /// Ids per `leads.json?filterType=id` call: Marketo's maximum.
    public static let leadBatch = 300
    /// Activity type ids per `activities.json` call: Marketo's maximum.
    public static let typesPerCall = 10
    /// The longest GET URL sent; longer reads go as `POST …?_method=GET` with a form body (Marketo refuses URLs
    /// over 8 KB with 414).
    static let longestURL = 7_000
    /// The New Lead activity type.
    static let newLeadType = 12

    public static let leadsStream = PullStream(name: "leads", object: "Lead", kind: .contacts)
    public static let deletedStream = PullStream(name: "deleted_leads", object: "Lead", kind: .contacts)
    public static let activitiesStream = PullStream(name: "activities", object: "activities", kind: .activities)

    static let tokenEndpoint = "GET /identity/oauth/token"
    static let pagingTokenEndpoint = "GET /rest/v1/activities/pagingtoken.json"
    static let leadChangesEndpoint = "GET /rest/v1/activities/leadchanges.json"
    static let activitiesEndpoint = "GET /rest/v1/activities.json"
    static let deletedEndpoint = "GET /rest/v1/activities/deletedleads.json"
    static let typesEndpoint = "GET /rest/v1/activities/types.json"
    static let leadsEndpoint = "GET /rest/v1/leads.json"
    static let describeEndpoint = "GET /rest/v1/leads/describe.json"

    /// 2000-01-01: where a first load starts unless `first_load_since` says otherwise.
    public static let defaultFirstLoadSince: Int64 = 946_684_800_000

    public init(client: HTTPClient, tokens: TokenCache, baseURL: URL, batchSize: Int = 300,
                firstLoadSince: Int64 = MarketoSource.defaultFirstLoadSince, bulkExtract: MarketoBulkExtract? = nil) {
        self.client = client
        self.tokens = tokens
        self.baseURL = baseURL
        self.batchSize = min(max(batchSize, 1), 300)
        self.firstLoadSince = firstLoadSince
        self.bulkExtract = bulkExtract
    }

    /// A source with its own token cache, sharing the transport, ledger and retry policy with the token requests.
    ///
    /// - Parameters:
    ///   - callsPer20Seconds: the calls paced to per 20 seconds (Marketo's documented limit is 100 per instance);
    ///     nil paces nothing.
    ///   - firstLoadSince: where a first load starts, UTC milliseconds (both modes); nil for 2000-01-01.
    ///   - bulkExtract: set to first-load leads and activities through the Bulk Extract API.
    public static func make(
        baseURL: URL, clientID: Secret, clientSecret: Secret, transport: any HTTPTransport = URLSessionTransport(),
        ledger: CallLedger = CallLedger(), retry: RetryPolicy = RetryPolicy(),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger, batchSize: Int = 300,
        callsPer20Seconds: Int? = 100, firstLoadSince: Int64? = nil, bulkExtract: MarketoBulkExtract? = nil
    ) -> MarketoSource {
        let tokenClient = HTTPClient(transport: transport, dialect: tokenDialect, authenticator: nil, ledger: ledger,
                                     retry: retry, clock: clock, logger: logger)
        let tokens = TokenCache { generation throws(APIError) in
            try await fetchToken(client: tokenClient, baseURL: baseURL, clientID: clientID,
                                 clientSecret: clientSecret, generation: generation)
        }
        var dialect = MarketoDialect.dialect
        dialect.documentedLimits = callsPer20Seconds.map { [MarketoDialect.rateLimit(callsPer20Seconds: $0)] } ?? []
        let client = HTTPClient(transport: transport, dialect: dialect, authenticator: tokens,
                                ledger: ledger, retry: retry, clock: clock, logger: logger)
        return MarketoSource(client: client, tokens: tokens, baseURL: baseURL, batchSize: batchSize,
                             firstLoadSince: firstLoadSince ?? bulkExtract?.since ?? defaultFirstLoadSince,
                             bulkExtract: bulkExtract)
    }

    static let tokenDialect = APIDialect(errorDetail: { response in
        guard let body = try? JSONDecoder().decode(MarketoWire.OAuthError.self, from: response.body) else {
            return (nil, nil)
        }
        return (body.error, body.error_description)
    }, isSessionExpired: { _ in false })

    /// `GET /identity/oauth/token?grant_type=client_credentials&client_id=…&client_secret=…`; the secrets are
    /// revealed only into the URL, which is never logged (the client logs endpoints).
    static func fetchToken(client: HTTPClient, baseURL: URL, clientID: Secret, clientSecret: Secret,
                           generation: Int) async throws(APIError) -> AccessToken
    {
        do throws(APIError) {
            let response = try await client.json(MarketoWire.TokenResponse.self, endpoint: tokenEndpoint) {
                _ throws(APIError) in
                let query = "grant_type=client_credentials&client_id=" + formEncode(clientID.reveal())
                    + "&client_secret=" + formEncode(clientSecret.reveal())
                return HTTPRequest(.get, try url(baseURL, "identity/oauth/token", query: query, endpoint: tokenEndpoint),
                                   headers: ["Accept": "application/json"])
            }
            return AccessToken(value: Secret(response.access_token), generation: generation)
        } catch where error.code == .badRequest || error.code == .authentication || error.code == .permission {
            throw APIError(.authentication, endpoint: tokenEndpoint, status: error.status, apiCode: error.apiCode,
                message: "Marketo refused the client credentials (\(error.apiCode ?? "no code")); check client_id "
                    + "and client_secret (Admin → LaunchPoint → View Details)")
        }
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func url(_ base: URL, _ path: String, query: String?, endpoint: String) throws(APIError) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += "/" + path + (query.map { "?" + $0 } ?? "")
        guard let url = URL(string: text) else {
            throw APIError(.badRequest, endpoint: endpoint, message: "cannot build a URL on base_url \(base)")
        }
        return url
    }

    static func headers(_ token: AccessToken?) -> [String: String] {
        var headers = ["Accept": "application/json"]
        if let token { headers["Authorization"] = "Bearer " + token.value.reveal() }
        return headers
    }

    public var streams: [PullStream] { [Self.leadsStream, Self.deletedStream, Self.activitiesStream] }

    public func callCounts() async -> [String: Int] { await client.ledger.counts() }

    /// `GET` on the REST API with a query, decoded as `T`.
    func get<T: Decodable & Sendable>(_ type: T.Type, _ path: String, query: String, endpoint: String)
        async throws(APIError) -> T
    {
        let base = baseURL
        return try await client.json(T.self, endpoint: endpoint) { auth throws(APIError) in
            HTTPRequest(.get, try Self.url(base, path, query: query, endpoint: endpoint), headers: Self.headers(auth))
        }
    }

    // MARK: Paging

    /// The stream's pages: a bulk first load (``MarketoBulkPages``) when the connection has `first_load: bulk`, the
    /// stream is leads or activities, and it has no cursor and no paging in progress, or a bulk load is in progress
    /// (its token stored); the REST paging tokens otherwise.
    public func pages(_ request: PullRequest) -> MarketoPages {
        if let bulk = bulkExtract, let kind = MarketoBulkPages.Kind(rawValue: request.stream.name) {
            if let token = MarketoBulkToken(stored: request.pageToken) {
                return MarketoPages(mode: .bulk(.init(source: self, request: request, settings: bulk, kind: kind,
                                                      token: token)))
            }
            if request.modifiedSince == nil, MarketoPageToken(stored: request.pageToken) == nil {
                // The load ends at the run's start (in whole seconds, as the filters take them).
                let now = Int64((client.wallClock().timeIntervalSince1970).rounded(.down)) * 1000
                let token = MarketoBulkToken(end: now, windowStart: bulk.since,
                                             filter: kind == .leads ? "updatedAt" : "createdAt")
                return MarketoPages(mode: .bulk(.init(source: self, request: request, settings: bulk, kind: kind,
                                                      token: token)))
            }
        }
        return MarketoPages(mode: .paged(pagedPages(request)))
    }

    func pagedPages(_ request: PullRequest) -> PageSequence<MarketoPageToken> {
        let source = self
        let resumed = MarketoPageToken(stored: request.pageToken)
        let first = resumed ?? MarketoPageToken(pass: 0, start: nil, next: nil)
        return PageSequence(first: first, endpoint: Self.activitiesEndpoint) { token in
            do {
                return try await source.fetch(token, request: request, resumed: token == resumed)
            } catch let error as APIError where error.code == .budgetExhausted || error.code == .quotaExhausted {
                throw PullInterruption(error.code == .budgetExhausted ? .budgetExhausted : .remoteLimit,
                    "marketo: \(error.message)")
            }
        }
    }

    /// Fetches a page; when the stored token a run resumed from is refused, starts again from the cursor.
    func fetch(_ token: MarketoPageToken, request: PullRequest, resumed: Bool) async throws(APIError)
        -> (page: RecordPage, next: MarketoPageToken?)
    {
        guard resumed else { return try await fetch(token, request: request) }
        let result: Result<(page: RecordPage, next: MarketoPageToken?), APIError>
        do throws(APIError) {
            result = .success(try await fetch(token, request: request))
        } catch {
            result = .failure(error)
        }
        if case .failure(let error) = result, error.code == .badRequest {
            client.logger.notice("stored paging token refused; restarting from the cursor",
                                 metadata: ["crm.stream": "\(request.stream.name)"])
            return try await fetch(MarketoPageToken(pass: 0, start: nil, next: nil), request: request)
        }
        return try result.get()
    }

    /// The passes of a stream: each reads one token chain from the start token.
    enum Pass: Sendable, Equatable {
        case leadChanges
        case activities([Int])
        case deletedLeads
    }

    func passes(for request: PullRequest) async throws(APIError) -> [Pass] {
        switch request.stream.name {
        case Self.leadsStream.name: return [.leadChanges, .activities([Self.newLeadType])]
        case Self.deletedStream.name: return [.deletedLeads]
        default:
            let ids = try await selectedTypes(request.activityTypes).map(\.id).sorted()
            return stride(from: 0, to: ids.count, by: Self.typesPerCall).map {
                .activities(Array(ids[$0..<min($0 + Self.typesPerCall, ids.count)]))
            }
        }
    }

    func fetch(_ token: MarketoPageToken, request: PullRequest) async throws(APIError)
        -> (page: RecordPage, next: MarketoPageToken?)
    {
        var token = token
        if token.start == nil {
            let since = request.modifiedSince ?? firstLoadSince
            let paging = try await get(MarketoWire.PagingToken.self, "rest/v1/activities/pagingtoken.json",
                query: "sinceDatetime=" + Self.formEncode(WireTime.isoSeconds(since)),
                endpoint: Self.pagingTokenEndpoint)
            token = MarketoPageToken(pass: 0, start: paging.nextPageToken, next: paging.nextPageToken)
        }
        let passes = try await passes(for: request)
        guard token.pass < passes.count, let current = token.next else {
            return (RecordPage(records: [], cursor: nil, pageToken: MarketoPageToken.done), nil)
        }
        let query = "nextPageToken=" + Self.formEncode(current) + "&batchSize=\(batchSize)"
        let answer: MarketoWire.ActivityPage
        switch passes[token.pass] {
        case .leadChanges:
            let fields = Self.unique(request.fields.filter { !["id", "updatedAt", "createdAt"].contains($0) })
            answer = try await get(MarketoWire.ActivityPage.self, "rest/v1/activities/leadchanges.json",
                query: query + "&fields=" + Self.formEncode(fields.joined(separator: ",")),
                endpoint: Self.leadChangesEndpoint)
        case .activities(let ids):
            answer = try await get(MarketoWire.ActivityPage.self, "rest/v1/activities.json",
                query: query + "&activityTypeIds=" + ids.map(String.init).joined(separator: ","),
                endpoint: Self.activitiesEndpoint)
        case .deletedLeads:
            answer = try await get(MarketoWire.ActivityPage.self, "rest/v1/activities/deletedleads.json",
                query: query, endpoint: Self.deletedEndpoint)
        }
        let activities = answer.result ?? []
        var cursor: StreamCursor?
        for activity in activities {
            guard let time = activity.activityDate.flatMap(WireTime.milliseconds) else { continue }
            let here = StreamCursor(time: time, id: activity.key ?? "")
            if cursor.map({ $0 < here }) ?? true { cursor = here }
        }
        var next = token
        if answer.moreResult == true, let following = answer.nextPageToken {
            next.next = following
        } else if token.pass + 1 < passes.count {
            next.pass += 1
            next.next = token.start
        } else {
            next.next = nil
        }
        var page = RecordPage(records: [], cursor: cursor)
        switch request.stream.name {
        case Self.leadsStream.name:
            var seen = Set<Int64>()
            let ids = activities.compactMap(\.leadId).filter { seen.insert($0).inserted }.map(String.init)
            for start in stride(from: 0, to: ids.count, by: Self.leadBatch) {
                let batch = Array(ids[start..<min(start + Self.leadBatch, ids.count)])
                page.records += try await leads(batch, fields: request.fields, read: next.read + page.records.count)
            }
        case Self.deletedStream.name:
            var seen = Set<Int64>()
            page.deletedIDs = activities.compactMap(\.leadId).filter { seen.insert($0).inserted }.map(String.init)
        default:
            let names = Dictionary(try await types().map { ($0.id, $0.name) }) { first, _ in first }
            page.records = activities.enumerated().compactMap { index, activity in
                Self.record(activity, typeName: activity.activityTypeId.flatMap { names[$0] },
                            index: next.read + index + 1)
            }
        }
        next.read += page.records.count
        guard next.next != nil else {
            page.pageToken = MarketoPageToken.done
            return (page, nil)
        }
        page.pageToken = next.stored
        return (page, next)
    }

    /// An activity as a flat record: `id` (its `marketoGUID`), `leadId`, `activityDate`, `activityTypeId`,
    /// `activityType` (the type's name), `primaryAttributeValue(Id)`, `campaignId` and `attributes.<name>`.
    static func record(_ activity: MarketoWire.Activity, typeName: String?, index: Int) -> RawRecord? {
        guard let key = activity.key else { return nil }
        var fields: [String: String] = ["id": key]
        if let lead = activity.leadId { fields["leadId"] = String(lead) }
        fields["activityDate"] = activity.activityDate
        fields["activityTypeId"] = activity.activityTypeId.map(String.init)
        fields["activityType"] = typeName
        fields["primaryAttributeValue"] = activity.primaryAttributeValue?.value
        fields["primaryAttributeValueId"] = activity.primaryAttributeValueId?.value
        fields["campaignId"] = activity.campaignId?.value
        for attribute in activity.attributes ?? [] {
            if let value = attribute.value?.value { fields["attributes." + attribute.name] = value }
        }
        return RawRecord(fields: fields, location: RecordLocation(source: "marketo activities", index: index))
    }

    // MARK: Leads by id

    /// `leads.json?filterType=id&filterValues=…&fields=…` for at most 300 ids; as `POST …?_method=GET` with the
    /// parameters in a form body when the URL would pass ``longestURL``.
    func leads(_ ids: [String], fields: [String], read: Int) async throws(APIError) -> [RawRecord] {
        guard !ids.isEmpty else { return [] }
        let wanted = Self.unique(["id", "updatedAt"] + fields)
        var parameters = "filterType=id&filterValues=" + ids.joined(separator: ",")
            + "&fields=" + Self.formEncode(wanted.joined(separator: ",")) + "&batchSize=\(Self.leadBatch)"
        let base = baseURL
        var records: [RawRecord] = []
        while true {
            let form = parameters
            let long = base.absoluteString.count + "/rest/v1/leads.json?".count + form.count > Self.longestURL
            let page = try await client.json(MarketoWire.LeadPage.self, endpoint: Self.leadsEndpoint) {
                auth throws(APIError) in
                if long {
                    var headers = Self.headers(auth)
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
                    return HTTPRequest(.post, try Self.url(base, "rest/v1/leads.json", query: "_method=GET",
                                                           endpoint: Self.leadsEndpoint),
                                       headers: headers, body: Data(form.utf8), idempotent: true)
                }
                return HTTPRequest(.get, try Self.url(base, "rest/v1/leads.json", query: form,
                                                      endpoint: Self.leadsEndpoint), headers: Self.headers(auth))
            }
            for lead in page.result ?? [] where lead.fields["id"] != nil {
                records.append(RawRecord(fields: lead.fields, location: RecordLocation(
                    source: "marketo leads", index: read + records.count + 1)))
            }
            guard let next = page.nextPageToken, !(page.result ?? []).isEmpty else { break }
            parameters = parameters.components(separatedBy: "&nextPageToken=")[0]
                + "&nextPageToken=" + Self.formEncode(next)
        }
        return records
    }

    // MARK: Activity types

    /// The instance's activity types, once per run.
    func types() async throws(APIError) -> [MarketoWire.ActivityType] {
        let source = self
        return try await activityTypes.types { () async throws(APIError) -> [MarketoWire.ActivityType] in
            try await source.get(MarketoWire.ActivityTypes.self, "rest/v1/activities/types.json", query: "",
                                 endpoint: Self.typesEndpoint).result ?? []
        }
    }

    /// The types whose name the mapping keeps: a kept value is the name itself or starts with the name and `/`
    /// (a `template: "{activityType}/{attributes.New Status}"`); every type but New Lead when the mapping keeps
    /// everything (nil).
    func selectedTypes(_ kept: [String]?) async throws(APIError) -> [MarketoWire.ActivityType] {
        let all = try await types()
        guard let kept else { return all.filter { $0.id != Self.newLeadType } }
        return all.filter { type in kept.contains { $0 == type.name || $0.hasPrefix(type.name + "/") } }
    }

    static func unique(_ fields: [String]) -> [String] {
        var seen = Set<String>()
        return fields.filter { seen.insert($0).inserted }
    }
}

import Foundation
import LeadBridge
import Logging

/// Pardot (Account Engagement) prospects and visitor activities as a ``RecordSource``, through the XML API v4.
///
/// Every request carries a Salesforce access token (the OAuth grant of ``SalesforceGrant``, from the Salesforce
/// login URL's token endpoint) and the `Pardot-Business-Unit-Id` header; an expired token (error 184) is replaced
/// once. Responses are parsed from memory by the safe libxml2 reader (no DTD, no entities, no network): a hostile
/// body fails the stream before anything of it is stored, so the cursor stays where the stored data is.
///
/// **Prospects, incrementally.** The v4 query returns at most 200 records and pages with `offset`, which skips or
/// repeats records that change while it pages and is documented as slow deep into a result. So the pull pages by
/// *keys* instead, in `(updated_at, id)` order:
/// 1. `query?updated_after=<T>&sort_by=updated_at&sort_order=ascending&limit=200`, where `T` starts one second
///    before the pull's start (the cursor minus the lookback: `updated_after` is strict and has second precision).
/// 2. A full page ends in some second `S`: the next page asks `updated_after=S−1`, so the records of second `S`
///    come again, and those already delivered (kept by id) are dropped. Every page thus delivers whole seconds
///    before its last one, and its cursor (the greatest `(updated_at, id)` delivered) is a safe resume point:
///    resuming re-reads at least that second.
/// 3. When a full page brings nothing new (more than 200 prospects share second `S`, as after an import), that
///    second is read on its own by id, `updated_after=S−1&updated_before=S+1&sort_by=id&id_greater_than=<id>`,
///    and the window goes on with `updated_after=S`.
/// 4. Then deleted prospects: `query?deleted=true&updated_after=<T>&sort_by=id&id_greater_than=<id>`, as tombstones.
/// A nightly run with nothing changed makes two calls (one empty window page, one empty deleted page); with `n`
/// changed prospects about `n / 190 + 2`.
///
/// **Visitor activities.** `visitorActivity/…/query?created_after=<T>&id_greater_than=<id>&prospect_only=true&
/// sort_by=id&sort_order=ascending&limit=200` until a page is short (anonymous visitors' activities are left out:
/// they belong to no person). Activity ids follow creation only roughly, so a page's `(created_at, id)` is not a
/// safe cursor: the cursor moves (to the greatest one read) only with the last page, and each page before it stores
/// a page token instead, `pardot-activities after=<window start> id=<last id>`: a run stopped mid-window (budget,
/// error 122, a kill) resumes the same window after that id; the last page clears the token.
///
/// Times are Pardot's `yyyy-mm-dd hh:mm:ss`, read as UTC (set the API user's time zone to UTC).
///
/// ```swift
/// let source = PardotSource.make(baseURL: URL(string: "https://pi.pardot.com")!,
///     loginURL: URL(string: "https://login.salesforce.com")!, businessUnitID: "0Uv…",
///     grant: .refreshToken(clientID: id, clientSecret: secret, refreshToken: refresh), logger: logger)
/// ```
public struct PardotSource: RecordSource {
    public let client: HTTPClient
    public let tokens: TokenCache
    /// The Pardot API host (`https://pi.pardot.com`, or `https://pi.demo.pardot.com` for a sandbox org).
    public let baseURL: URL
    public let businessUnitID: String
    /// Records per query (`limit`, at most 200).
    public var pageSize: Int

    public static let prospectObject = "prospect"
    public static let activityObject = "visitor_activity"
    static let prospectQuery = "GET /api/prospect/version/4/do/query"
    static let activityQuery = "GET /api/visitorActivity/version/4/do/query"

    public init(client: HTTPClient, tokens: TokenCache, baseURL: URL, businessUnitID: String, pageSize: Int = 200) {
        self.client = client
        self.tokens = tokens
        self.baseURL = baseURL
        self.businessUnitID = businessUnitID
        self.pageSize = min(max(pageSize, 1), 200)
    }

    /// A source whose tokens come from the Salesforce OAuth token endpoint at `loginURL`, sharing the transport,
    /// ledger and retry policy with the token requests.
    public static func make(
        baseURL: URL, loginURL: URL, businessUnitID: String, grant: SalesforceGrant,
        transport: any HTTPTransport = URLSessionTransport(), ledger: CallLedger = CallLedger(),
        retry: RetryPolicy = RetryPolicy(), clock: any Clock<Duration> = ContinuousClock(), logger: Logger,
        pageSize: Int = 200
    ) -> PardotSource {
        let tokenClient = HTTPClient(transport: transport, dialect: SalesforceSource.tokenDialect, authenticator: nil,
                                     ledger: ledger, retry: retry, clock: clock, logger: logger)
        let tokens = TokenCache { generation throws(APIError) in
            try await SalesforceSource.fetchToken(client: tokenClient, loginURL: loginURL, grant: grant,
                                                  generation: generation)
        }
        let client = HTTPClient(transport: transport, dialect: PardotDialect.dialect, authenticator: tokens,
                                ledger: ledger, retry: retry, clock: clock, logger: logger)
        return PardotSource(client: client, tokens: tokens, baseURL: baseURL, businessUnitID: businessUnitID,
                            pageSize: pageSize)
    }

    public var streams: [PullStream] {
        [PullStream(name: "prospects", object: Self.prospectObject, kind: .contacts),
         PullStream(name: "visitor_activities", object: Self.activityObject, kind: .activities)]
    }

    public func callCounts() async -> [String: Int] { await client.ledger.counts() }

    public func pages(_ request: PullRequest) -> PageSequence<PardotPageToken> {
        let source = self
        var after = request.modifiedSince.map { Self.seconds($0) - 1 }
        var first = PardotPageToken(phase: .window(after: after))
        if request.stream.kind == .activities {
            first.phase = .activities(afterID: 0)
            // A run that stopped mid-stream left where it was: the same window, after the last id it stored.
            if let resume = request.pageToken.flatMap(ActivityResume.init(token:)) {
                after = resume.after
                first.phase = .activities(afterID: resume.afterID)
            }
        }
        let endpoint = request.stream.kind == .activities ? Self.activityQuery : Self.prospectQuery
        return PageSequence(first: first, endpoint: endpoint) { [after] token in
            do {
                return try await source.fetch(token, after: after, request: request)
            } catch let error as APIError where error.code == .budgetExhausted || error.code == .quotaExhausted {
                throw PullInterruption(error.code == .budgetExhausted ? .budgetExhausted : .remoteLimit,
                                       "pardot: \(error.message)")
            }
        }
    }

    /// One page of the scheme described on the type.
    func fetch(_ token: PardotPageToken, after: Int64?, request: PullRequest) async throws
        -> (page: RecordPage, next: PardotPageToken?)
    {
        var next = token
        switch token.phase {
        case .window(let windowAfter):
            var query = [("sort_by", "updated_at"), ("sort_order", "ascending")]
            if let windowAfter { query.append(("updated_after", Self.wireTime(windowAfter))) }
            let records = try await self.query(Self.prospectQuery, object: "prospect", query)
            let stamped = records.compactMap(Self.stamped)
            let full = records.count >= pageSize
            let lastSecond = stamped.map(\.second).max()
            let fresh = stamped.filter { record in
                !(record.second < (windowAfter ?? Int64.min) + 1)
                    && !(token.boundary.contains(record.id) && record.second <= (lastSecondOf(token) ?? Int64.min))
            }
            guard full, let lastSecond else {
                next.phase = .deleted(afterID: 0)
                next.boundary = []
                return (deliver(fresh, token: &next), next)
            }
            if fresh.isEmpty {
                // More than a page in one second: read that second by id.
                let second = stamped.map(\.second).min() ?? lastSecond
                next.phase = .second(second, afterID: 0)
                return (RecordPage(records: [], cursor: nil), next)
            }
            let page = deliver(fresh, token: &next)
            next.phase = .window(after: lastSecond - 1)
            let previous = lastSecondOf(token) == lastSecond ? token.boundary : []
            next.boundary = previous.union(stamped.filter { $0.second == lastSecond }.map(\.id))
            return (page, next)
        case .second(let second, let afterID):
            let records = try await self.query(Self.prospectQuery, object: "prospect", [
                ("updated_after", Self.wireTime(second - 1)), ("updated_before", Self.wireTime(second + 1)),
                ("sort_by", "id"), ("sort_order", "ascending"), ("id_greater_than", String(afterID)),
            ])
            let stamped = records.compactMap(Self.stamped).filter { $0.id > afterID }
            // Other seconds (an API reading the bounds inclusively) are the window's to deliver.
            let fresh = stamped.filter { $0.second == second && !token.boundary.contains($0.id) }
            let page = deliver(fresh, token: &next)
            if records.count >= pageSize, let maxID = stamped.map(\.id).max() {
                next.phase = .second(second, afterID: maxID)
            } else {
                next.phase = .window(after: second)
                next.boundary = []
            }
            return (page, next)
        case .deleted(let afterID):
            var query = [("deleted", "true"), ("sort_by", "id"), ("sort_order", "ascending"),
                         ("id_greater_than", String(afterID))]
            if let after { query.append(("updated_after", Self.wireTime(after))) }
            let records = try await self.query(Self.prospectQuery, object: "prospect", query)
            let ids = records.compactMap { $0["id"].flatMap { Int64($0) } }.filter { $0 > afterID }
            let page = RecordPage(records: [], cursor: nil, deletedIDs: ids.map(String.init))
            guard records.count >= pageSize, let maxID = ids.max() else { return (page, nil) }
            next.phase = .deleted(afterID: maxID)
            return (page, next)
        case .activities(let afterID):
            // prospect_only: activities of anonymous visitors have no person to belong to.
            var query = [("id_greater_than", String(afterID)), ("prospect_only", "true"), ("sort_by", "id"),
                         ("sort_order", "ascending")]
            if let after { query.append(("created_after", Self.wireTime(after))) }
            let records = try await self.query(Self.activityQuery, object: "visitor_activity", query)
            var delivered: [RawRecord] = []
            var maxID = afterID
            for var record in records {
                guard let id = record["id"].flatMap({ Int64($0) }), id > afterID else { continue }
                maxID = max(maxID, id)
                if let created = record["created_at"].flatMap(UTCTime.parse) {
                    let here = StreamCursor(time: created * 1000, id: String(id))
                    if next.last.map({ $0 < here }) ?? true { next.last = here }
                }
                next.read += 1
                record.location = RecordLocation(source: "pardot visitor_activity", index: next.read)
                delivered.append(record)
            }
            let last = records.count < pageSize || maxID == afterID
            // Ids follow creation only roughly: the cursor moves with the last page only; until then each page
            // stores where the window goes on (cleared by the last page).
            let page = RecordPage(records: delivered, cursor: last ? next.last : nil,
                                  pageToken: last ? "" : ActivityResume(after: after, afterID: maxID).token)
            guard !last else { return (page, nil) }
            next.phase = .activities(afterID: maxID)
            return (page, next)
        }
    }

    /// Where an unfinished visitor-activity window goes on: `created_after` (UTC seconds, or none) and the last id
    /// stored. Its text form, `pardot-activities after=<seconds|-> id=<id>`, is the stream's stored page token.
    struct ActivityResume: Equatable {
        var after: Int64?
        var afterID: Int64

        init(after: Int64?, afterID: Int64) {
            self.after = after
            self.afterID = afterID
        }

        init?(token: String) {
            let parts = token.split(separator: " ")
            guard parts.count == 3, parts[0] == "pardot-activities", parts[1].hasPrefix("after="),
                  parts[2].hasPrefix("id="), let id = Int64(parts[2].dropFirst(3)) else { return nil }
            let after = parts[1].dropFirst(6)
            guard after == "-" || Int64(after) != nil else { return nil }
            self.init(after: Int64(after), afterID: id)
        }

        var token: String { "pardot-activities after=\(after.map(String.init) ?? "-") id=\(afterID)" }
    }

    private func lastSecondOf(_ token: PardotPageToken) -> Int64? {
        if case .window(let after?) = token.phase, !token.boundary.isEmpty { return after + 1 }
        return nil
    }

    /// A prospect with its `updated_at` second and id.
    struct Stamped {
        var record: RawRecord
        var second: Int64
        var id: Int64
    }

    static func stamped(_ record: RawRecord) -> Stamped? {
        guard let id = record["id"].flatMap({ Int64($0) }),
              let second = record["updated_at"].flatMap(UTCTime.parse) else { return nil }
        return Stamped(record: record, second: second, id: id)
    }

    /// Records in (updated_at, id) order, with the token's count, locations and greatest cursor.
    private func deliver(_ stamped: [Stamped], token: inout PardotPageToken) -> RecordPage {
        var records: [RawRecord] = []
        records.reserveCapacity(stamped.count)
        let before = token.last
        for item in stamped.sorted(by: { ($0.second, $0.id) < ($1.second, $1.id) }) {
            var record = item.record
            token.read += 1
            record.location = RecordLocation(source: "pardot prospect", index: token.read)
            records.append(record)
            let here = StreamCursor(time: item.second * 1000, id: String(item.id))
            if token.last.map({ $0 < here }) ?? true { token.last = here }
        }
        return RecordPage(records: records, cursor: token.last == before ? nil : token.last)
    }

    /// Sends one query (`limit` = the page size; the default XML format and output, so that every phase answers
    /// records of the same shape) and parses its records.
    func query(_ endpoint: String, object: String, _ parameters: [(String, String)]) async throws(APIError)
        -> [RawRecord]
    {
        let path = endpoint.split(separator: " ", maxSplits: 1).last.map(String.init) ?? ""
        let items = parameters + [("limit", String(pageSize))]
        return try await send(endpoint: endpoint, path: path, query: items, recordElement: object)
    }

    /// Sends a GET to `path` with the token and business-unit headers, parses its `recordElement`s safely.
    func send(endpoint: String, path: String, query: [(String, String)], recordElement: String)
        async throws(APIError) -> [RawRecord]
    {
        let (baseURL, unit) = (self.baseURL, businessUnitID)
        return try await client.send(endpoint: endpoint) { auth throws(APIError) in
            var components = URLComponents(url: baseURL.appendingPathComponent(String(path.dropFirst())),
                                           resolvingAgainstBaseURL: false)
            components?.percentEncodedQuery = query.isEmpty ? nil
                : query.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
            guard let url = components?.url else {
                throw APIError(.badRequest, endpoint: endpoint, message: "cannot build the request URL")
            }
            var headers = ["Accept": "application/xml", "Pardot-Business-Unit-Id": unit]
            if let auth { headers["Authorization"] = "Bearer " + auth.value.reveal() }
            return HTTPRequest(.get, url, headers: headers)
        } decode: { response in
            try Self.records(response.body, endpoint: endpoint, recordElement: recordElement)
        }
    }

    /// The records of an `<rsp stat="ok">` body, read with the safe reader; throws on anything else.
    static func records(_ body: Data, endpoint: String, recordElement: String) throws -> [RawRecord] {
        let head = String(decoding: body.prefix(512), as: UTF8.self)
        guard head.contains("<rsp"), head.contains("\"ok\"") else {
            throw SourceError(.mismatch, "the answer is not a Pardot `<rsp stat=\"ok\">` document", source: endpoint)
        }
        var reader = try XMLExportReader(bytes: body, name: endpoint, recordElement: recordElement)
        var records: [RawRecord] = []
        while let item = try reader.next() {
            if case .record(let record) = item { records.append(record) }
        }
        return records
    }

    static func seconds(_ milliseconds: Int64) -> Int64 {
        milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
    }

    /// `yyyy-mm-dd hh:mm:ss` (GNU date input syntax), UTC.
    static func wireTime(_ seconds: Int64) -> String {
        UTCTime.iso8601(seconds).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Logging

/// Shared set-up of the pull tests: temp stores, clients against the sandbox, content dumps.
enum PullFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func mapping(_ name: String) throws -> FieldMapping {
        try FieldMapping.load(path: repositoryRoot.appendingPathComponent("Mappings/\(name).yml").path)
    }

    /// Loopback only: never through a proxy.
    static func avoidProxies() {
        setenv("no_proxy", "127.0.0.1,localhost", 1)
        setenv("NO_PROXY", "127.0.0.1,localhost", 1)
    }

    static func temporaryStore() throws -> LeadStore {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("leadbridge-pull-\(UUID().uuidString)")
        return try LeadStore(path: folder.appendingPathComponent("store.sqlite").path)
    }

    static let fastRetry = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40),
                                       maxRetryAfter: .seconds(2))
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let transport = URLSessionTransport(useProxy: false)

    static func hubSpot(
        _ sandbox: RunningSandbox, token: String = SandboxCredentials.hubSpotAccessToken, budget: Int? = nil,
        searchCap: Int = 10_000, transport: any HTTPTransport = PullFixtures.transport,
        engagementObjects: [String] = ["emails", "meetings", "notes"], webEvents: [String] = [],
        eventPageSize: Int = 100
    ) -> HubSpotSource {
        let client = HTTPClient(
            transport: transport, dialect: HubSpotSource.dialect, authenticator: StaticToken(Secret(token)),
            ledger: CallLedger(budget: budget), retry: fastRetry, logger: quiet)
        return HubSpotSource(client: client, baseURL: sandbox.baseURL(for: .hubspot), searchCap: searchCap,
                             engagementObjects: engagementObjects, webEvents: webEvents,
                             eventPageSize: eventPageSize)
    }

    static func salesforce(
        _ sandbox: RunningSandbox, grant: SalesforceGrant? = nil, budget: Int? = nil, batchSize: Int = 200
    ) -> SalesforceSource {
        let grant = grant ?? .clientCredentials(
            clientID: Secret(SandboxCredentials.salesforceClientID),
            clientSecret: Secret(SandboxCredentials.salesforceClientSecret))
        return SalesforceSource.make(
            loginURL: sandbox.baseURL(for: .salesforce), grant: grant, transport: transport,
            ledger: CallLedger(budget: budget), retry: fastRetry, logger: quiet, batchSize: batchSize)
    }

    /// A Marketo source on the sandbox; its retries wait on `clock` (a ``RecordingClock`` records Marketo's
    /// 20-second 606 waits without sleeping).
    static func marketo(_ sandbox: RunningSandbox, budget: Int? = nil, batchSize: Int = 300,
                        clock: any Clock<Duration> = RecordingClock()) -> MarketoSource {
        MarketoSource.make(
            baseURL: sandbox.baseURL(for: .marketo), clientID: Secret(SandboxCredentials.marketoClientID),
            clientSecret: Secret(SandboxCredentials.marketoClientSecret), transport: transport,
            ledger: CallLedger(budget: budget),
            retry: RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40),
                               maxRetryAfter: .seconds(30)),
            clock: clock, logger: quiet, batchSize: batchSize)
    }

    /// A rep deletes a Marketo lead (`POST /__sandbox/archive` with vendor `marketo`).
    static func deleteMarketoLead(_ sandbox: RunningSandbox, id: String) async throws {
        _ = try await control(sandbox, "archive", ["vendor": "marketo", "object": "leads", "id": id])
    }

    static func puller(_ store: LeadStore) -> Puller {
        Puller(store: store, now: { Int64(Date().timeIntervalSince1970) })
    }

    /// Everything a pull decides, without row ids and local times: equal dumps mean equal content.
    static func contentDump(_ store: LeadStore) throws -> [String] {
        try store.read { db in
            let contacts = try Row.fetchAll(db, sql: """
                SELECT email, first_name, last_name, title, company, domain, industry, employees, country, city,
                       phone, lead_source, lifecycle_stage, created_at, extra FROM contacts ORDER BY email
                """).map { $0.description }
            let links = try Row.fetchAll(db, sql: """
                SELECT l.system, l.object, l.external_id, c.email, l.remote_modified_at, l.deleted
                FROM source_links l JOIN contacts c ON c.id = l.contact_id ORDER BY 1, 2, 3
                """).map { $0.description }
            let activities = try Row.fetchAll(db, sql: """
                SELECT a.system, a.external_id, c.email, a.type, a.occurred_at, a.url, a.campaign, a.detail
                FROM activities a JOIN contacts c ON c.id = a.contact_id ORDER BY 1, 2
                """).map { $0.description }
            return contacts + links + activities
        }
    }

    static func count(_ store: LeadStore, _ sql: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    /// A rep's edit in the sandbox (`POST /__sandbox/edit`).
    static func edit(_ sandbox: RunningSandbox, vendor: String, object: String, id: String, fields: [String: String])
        async throws
    {
        _ = try await control(sandbox, "edit", ["vendor": vendor, "object": object, "id": id, "fields": fields])
    }

    /// A rep logs a HubSpot engagement on a contact (`POST /__sandbox/create`); returns its id.
    static func createEngagement(_ sandbox: RunningSandbox, object: String, contact: String,
                                 fields: [String: String]) async throws -> String {
        let reply = try await control(sandbox, "create", [
            "vendor": "hubspot", "object": object, "contact": contact, "fields": fields,
        ])
        return reply["id"] as? String ?? ""
    }

    /// A rep deletes a HubSpot contact (`POST /__sandbox/archive`); returns its `archivedAt`.
    static func archiveContact(_ sandbox: RunningSandbox, id: String) async throws -> String {
        let reply = try await control(sandbox, "archive", ["vendor": "hubspot", "object": "contacts", "id": id])
        return reply["archivedAt"] as? String ?? ""
    }

    /// Each engagement of an object and its contact, through the v3 listing with `associations=contacts`: the
    /// answer a pull's links are checked against, read by another path than the connector's.
    static func engagementContacts(_ sandbox: RunningSandbox, object: String) async throws -> [String: String] {
        var contacts: [String: String] = [:]
        for result in try await hubSpotResults(sandbox, "/crm/v3/objects/\(object)?limit=100&associations=contacts") {
            let associations = (result["associations"] as? [String: Any])?["contacts"] as? [String: Any]
            let first = (associations?["results"] as? [[String: Any]])?.first
            contacts[result["id"] as? String ?? ""] = first?["id"] as? String ?? ""
        }
        return contacts
    }

    /// One web event as the events API lists it.
    struct WebEvent: Sendable, Equatable {
        var id: String
        var contact: String
        var occurredAt: String
        var url: String?
    }

    /// Every event of a type with its contact, newest first through the events API with `sort=DESCENDING`, 1,000 a
    /// page: the answer a pull is checked against, read otherwise than the connector reads it.
    static func webEvents(_ sandbox: RunningSandbox, eventType: String) async throws -> [WebEvent] {
        try await hubSpotResults(
            sandbox, "/events/v3/events?objectType=contact&eventType=\(eventType)&sort=DESCENDING&limit=1000"
        ).map { result in
            WebEvent(id: result["id"] as? String ?? "", contact: result["objectId"] as? String ?? "",
                     occurredAt: result["occurredAt"] as? String ?? "",
                     url: (result["properties"] as? [String: Any])?["hs_url"] as? String)
        }
    }

    /// Every result of a HubSpot listing (`path` with its query), following `paging.next.after` to the end.
    private static func hubSpotResults(_ sandbox: RunningSandbox, _ path: String) async throws -> [[String: Any]] {
        var results: [[String: Any]] = []
        var after: String?
        repeat {
            var url = sandbox.baseURL(for: .hubspot).absoluteString + path
            if let after { url += "&after=\(after)" }
            var request = URLRequest(url: URL(string: url)!)
            request.setValue("Bearer \(SandboxCredentials.hubSpotAccessToken)", forHTTPHeaderField: "Authorization")
            let (data, _) = try await session.data(for: request)
            let body = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            results += body["results"] as? [[String: Any]] ?? []
            after = ((body["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String
        } while after != nil
        return results
    }

    /// HubSpot's tracking code records a web event on a contact (`POST /__sandbox/create`, object `events`);
    /// returns its id.
    static func createWebEvent(_ sandbox: RunningSandbox, contact: String, eventType: String,
                               properties: [String: String], occurredAt: String? = nil) async throws -> String {
        var body: [String: Any] = [
            "vendor": "hubspot", "object": "events", "contact": contact, "eventType": eventType,
            "properties": properties,
        ]
        if let occurredAt { body["occurredAt"] = occurredAt }
        return try await control(sandbox, "create", body)["id"] as? String ?? ""
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        return URLSession(configuration: configuration)
    }()

    private static func control(_ sandbox: RunningSandbox, _ name: String, _ body: [String: Any]) async throws
        -> [String: Any]
    {
        var request = URLRequest(url: sandbox.baseURL.appendingPathComponent("__sandbox/\(name)"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, response) = try await session.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw APIError(.badRequest, endpoint: "POST /__sandbox/\(name)", message: "\(name) refused: "
                + String(decoding: data, as: UTF8.self))
        }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

/// A source that fails like a killed process after `pages` pages: what was committed stays, nothing after. With
/// `countingEmptyPages: false` only pages with records count (a bulk load's job pages do not).
struct CrashingSource<Base: RecordSource>: RecordSource {
    struct Crash: Error {}
    let base: Base
    let pages: Int
    var countingEmptyPages = true

    var streams: [PullStream] { base.streams }
    func callCounts() async -> [String: Int] { await base.callCounts() }

    func pages(_ request: PullRequest) -> AsyncThrowingStream<RecordPage, any Error> {
        let base = self.base
        let limit = pages
        let countingEmptyPages = countingEmptyPages
        return AsyncThrowingStream { continuation in
            let task = Task {
                var count = 0
                do {
                    for try await page in base.pages(request) {
                        if countingEmptyPages || !page.records.isEmpty {
                            if count == limit { throw Crash() }
                            count += 1
                        }
                        continuation.yield(page)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

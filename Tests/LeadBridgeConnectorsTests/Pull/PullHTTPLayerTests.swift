import Foundation
import LeadBridge
import LeadBridgeConnectors
import Logging
import Synchronization
import Testing

/// A clock that records the sleeps asked of it and returns at once.
final class RecordingClock: Clock, Sendable {
    typealias Duration = Swift.Duration
    typealias Instant = ContinuousClock.Instant
    let sleeps = Mutex<[Duration]>([])
    var now: Instant { ContinuousClock.now }
    var minimumResolution: Duration { .nanoseconds(1) }
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        sleeps.withLock { $0.append(ContinuousClock.now.duration(to: deadline)) }
    }
}

/// A transport that answers from a script, recording the requests.
final class ScriptedTransport: HTTPTransport, Sendable {
    let script: Mutex<[Result<HTTPResponse, TransportError>]>
    let requests = Mutex<[HTTPRequest]>([])
    let fallback: @Sendable (HTTPRequest) -> HTTPResponse

    init(_ script: [Result<HTTPResponse, TransportError>],
         fallback: @escaping @Sendable (HTTPRequest) -> HTTPResponse = { _ in HTTPResponse(status: 200, body: Data("{}".utf8)) }) {
        self.script = Mutex(script)
        self.fallback = fallback
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        requests.withLock { $0.append(request) }
        let next = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        guard let next else { return fallback(request) }
        return try next.get()
    }
}

/// Collects every log line with its metadata.
struct CapturingLogHandler: LogHandler {
    let box: LineBox
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
             function: String, line: UInt) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        box.lines.withLock { $0.append("\(level) \(message) \(all)") }
    }
}

final class LineBox: Sendable {
    let lines = Mutex<[String]>([])
}

struct Empty: Decodable, Sendable {}

@Suite("Pull: HTTP layer decisions")
struct PullHTTPLayerTests {
    static let url = URL(string: "http://127.0.0.1:9/x")!

    @Test("retry decisions", arguments: [
        (RetryPolicy.Outcome.response(status: 200, retryAfter: nil), 1, RetryPolicy.Action.accept),
        (.response(status: 400, retryAfter: nil), 1, .accept),
        (.response(status: 404, retryAfter: nil), 1, .accept),
        (.response(status: 429, retryAfter: .seconds(3)), 1, .retry(after: .seconds(3))),
        (.response(status: 503, retryAfter: .seconds(7)), 2, .retry(after: .seconds(7))),
        (.response(status: 503, retryAfter: .seconds(600)), 1, .giveUp),
        (.response(status: 500, retryAfter: nil), 1, .retry(after: .milliseconds(500))),
        (.response(status: 502, retryAfter: nil), 3, .retry(after: .seconds(2))),
        (.response(status: 504, retryAfter: nil), 6, .giveUp),
        (.transport(.interrupted), 2, .retry(after: .seconds(1))),
        (.transport(.cannotConnect), 1, .giveUp),
        (.unreadableBody, 1, .retry(after: .milliseconds(500))),
    ])
    func decisions(outcome: RetryPolicy.Outcome, attempt: Int, expected: RetryPolicy.Action) {
        // random 0.5 makes the jitter factor exactly 1
        #expect(RetryPolicy().decide(outcome, attempt: attempt, random: 0.5) == expected)
    }

    @Test("back-off doubles, is capped, and jitter spreads it")
    func backoff() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: 0.5)
        #expect(policy.backoff(attempt: 1, random: 0.5) == .milliseconds(100))
        #expect(policy.backoff(attempt: 4, random: 0.5) == .milliseconds(800))
        #expect(policy.backoff(attempt: 9, random: 0.5) == .seconds(1))
        #expect(policy.backoff(attempt: 2, random: 0) == .milliseconds(100))
        #expect(policy.backoff(attempt: 2, random: 1) == .milliseconds(300))
    }

    @Test("the client sleeps for Retry-After on the injected clock, then succeeds")
    func retryAfterHonoured() async throws {
        let clock = RecordingClock()
        let transport = ScriptedTransport([
            .success(HTTPResponse(status: 429, headers: ["Retry-After": "2"], body: Data())),
            .failure(TransportError(.interrupted, "reset")),
            .success(HTTPResponse(status: 200, body: Data("{\"status\"".utf8))),  // cut short
        ])
        let ledger = CallLedger()
        let client = HTTPClient(transport: transport, dialect: HubSpotSource.dialect, authenticator: nil,
            ledger: ledger, retry: RetryPolicy(baseDelay: .milliseconds(100), jitter: 0), clock: clock,
            logger: PullFixtures.quiet)
        _ = try await client.json(Empty.self, endpoint: "GET /x") { _ in HTTPRequest(.get, Self.url) }
        let milliseconds = clock.sleeps.withLock { $0 }.map { Int(($0 / .milliseconds(1)).rounded()) }
        #expect(milliseconds == [2_000, 200, 400])
        #expect(await ledger.counts() == ["GET /x": 4])
    }

    @Test("concurrent requests that see an expired token refresh it once, and no log line shows a secret")
    func refreshOnce() async throws {
        let fetches = Mutex(0)
        let tokens = TokenCache { generation throws(APIError) in
            fetches.withLock { $0 += 1 }
            return AccessToken(value: Secret("secret-token-\(generation)"), generation: generation)
        }
        _ = try await tokens.token()
        // The server accepts only the second token.
        let transport = ScriptedTransport([]) { request in
            request.headers["Authorization"] == "Bearer secret-token-2"
                ? HTTPResponse(status: 200, body: Data("{}".utf8))
                : HTTPResponse(status: 401, body: Data(#"[{"errorCode":"INVALID_SESSION_ID","message":"expired"}]"#.utf8))
        }
        let box = LineBox()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(box: box) }
        let client = HTTPClient(transport: transport, dialect: SalesforceSource.dialect, authenticator: tokens,
            retry: PullFixtures.fastRetry, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    _ = try await client.json(Empty.self, endpoint: "GET /q") { token in
                        HTTPRequest(.get, Self.url, headers: ["Authorization": "Bearer \(token!.value.reveal())"])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(fetches.withLock { $0 } == 2)
        let lines = box.lines.withLock { $0 }
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { !$0.contains("secret-token") })
    }

    @Test("a page token seen before throws instead of paging for ever")
    func loopGuard() async throws {
        let pages = PageSequence(first: "a", endpoint: "GET /list") { token in
            (RecordPage(records: [], cursor: nil), token == "a" ? "b" : "a")
        }
        var count = 0
        let error = await #expect(throws: APIError.self) {
            for try await _ in pages { count += 1 }
        }
        #expect(error?.code == .pagingLoop)
        #expect(count == 2)
    }
}

/// A source with one page whose records are stamped after the run started.
struct FutureSource: RecordSource {
    var streams: [PullStream] { [PullStream(name: "contacts", object: "contacts", kind: .contacts)] }
    func callCounts() async -> [String: Int] { [:] }
    func pages(_ request: PullRequest) -> AsyncThrowingStream<RecordPage, any Error> {
        AsyncThrowingStream { continuation in
            let record = RawRecord(fields: [
                "id": "1", "properties.email": "a@example.com", "properties.lastmodifieddate": "2030-01-01T00:00:00Z",
            ], location: RecordLocation(source: "test", index: 1))
            continuation.yield(RecordPage(records: [record], cursor: StreamCursor(time: 1_893_456_000_000, id: "1")))
            continuation.finish()
        }
    }
}

@Suite("Pull: cursor rules")
struct PullCursorTests {
    @Test("the stored cursor never moves past the run's start")
    func cursorCappedAtRunStart() async throws {
        let store = try PullFixtures.temporaryStore()
        let runStart: Int64 = 1_800_000_000
        let report = try await Puller(store: store, now: { runStart }).run(
            source: FutureSource(), connection: "hubspot", mapping: try PullFixtures.mapping("hubspot"))
        #expect(report.streams.first?.created == 1)
        #expect(try store.streamCursor(connection: "hubspot", stream: "contacts")?.time == runStart * 1000)
    }
}

/// A source that serves fixed pages.
struct FixedPagesSource: RecordSource {
    let pages: [RecordPage]
    var streams: [PullStream] { [PullStream(name: "contacts", object: "contacts", kind: .contacts)] }
    func callCounts() async -> [String: Int] { [:] }
    func pages(_ request: PullRequest) -> AsyncThrowingStream<RecordPage, any Error> {
        let pages = self.pages
        return AsyncThrowingStream { continuation in
            for page in pages { continuation.yield(page) }
            continuation.finish()
        }
    }

    static func contact(_ id: String, modified: String) -> RawRecord {
        RawRecord(fields: ["id": id, "properties.email": "\(id)@example.com", "properties.lastmodifieddate": modified],
                  location: RecordLocation(source: "test", index: 1))
    }
}

extension PullCursorTests {
    @Test("a deleted record keeps its contact and link, marked as a tombstone, in the page's transaction")
    func tombstones() async throws {
        let store = try PullFixtures.temporaryStore()
        let mapping = try PullFixtures.mapping("hubspot")
        let puller = Puller(store: store, now: { 1_800_000_000 })
        _ = try await puller.run(source: FixedPagesSource(pages: [RecordPage(
            records: [FixedPagesSource.contact("1", modified: "2026-01-01T00:00:00Z"),
                      FixedPagesSource.contact("2", modified: "2026-01-01T00:00:01Z")],
            cursor: StreamCursor(time: 1_767_225_601_000, id: "2"))]), connection: "hubspot", mapping: mapping)
        let report = try await puller.run(source: FixedPagesSource(pages: [RecordPage(
            records: [], cursor: StreamCursor(time: 1_767_225_700_000, id: "2"), deletedIDs: ["2"])]),
            connection: "hubspot", mapping: mapping)
        #expect(report.streams.first?.deleted == 1)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links WHERE deleted = 1") == 1)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links WHERE external_id = '2' AND deleted = 1") == 1)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 2)
        #expect(try store.streamCursor(connection: "hubspot", stream: "contacts")?.time == 1_767_225_700_000)
    }
}

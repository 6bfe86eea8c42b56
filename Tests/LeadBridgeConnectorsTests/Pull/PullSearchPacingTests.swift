import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Synchronization
import Testing

/// A transport that passes every request on and counts the statuses answered per endpoint path.
final class StatusCountingTransport: HTTPTransport, Sendable {
    let base: any HTTPTransport
    let statuses = Mutex<[String: [Int: Int]]>([:])

    init(_ base: any HTTPTransport) { self.base = base }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let response = try await base.send(request)
        statuses.withLock { $0[request.url.path, default: [:]][response.status, default: 0] += 1 }
        return response
    }

    /// How many responses to paths ending in `suffix` had `status`.
    func count(_ status: Int, pathsEndingIn suffix: String) -> Int {
        statuses.withLock { all in
            all.filter { $0.key.hasSuffix(suffix) }.reduce(0) { $0 + ($1.value[status] ?? 0) }
        }
    }
}

@Suite("Pull: HubSpot's search limit per second")
struct PullSearchPacingTests {
    init() { PullFixtures.avoidProxies() }

    @Test("a pull with the vendor limits on draws no 429 from the search endpoints, restarts past the cap included")
    func searchesArePaced() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 1_000, activitiesPerContact: 2)) { sandbox in
            // Given HubSpot's limits (5 searches a second, 190 requests per 10 s) and a search cap of 400 results
            let transport = StatusCountingTransport(PullFixtures.transport)
            let source = PullFixtures.hubSpot(sandbox, searchCap: 400, transport: transport)
            // When pulling contacts and three engagement objects: some 17 searches in a few seconds
            let store = try PullFixtures.temporaryStore()
            let report = try await PullFixtures.puller(store).run(
                source: source, connection: "hubspot", mapping: try PullFixtures.mapping("hubspot"))
            // Then every search was answered at the first attempt
            let searches = transport.count(200, pathsEndingIn: "/search")
            #expect(searches >= 15)
            #expect(transport.count(429, pathsEndingIn: "/search") == 0)
            #expect(report.streams.filter { $0.stream != HubSpotSource.archivedStream }.reduce(0) { $0 + $1.pages }
                == searches)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 1_000)
        }
    }
}

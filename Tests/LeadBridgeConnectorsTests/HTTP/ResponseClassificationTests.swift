import Foundation
import LeadBridge
@testable import LeadBridgeConnectors
import LeadBridgeSandbox
import Synchronization
import Testing

/// The HTTP layer decides from the whole response (Marketo answers errors inside HTTP 200), knows which requests it
/// may resend, and reads per-record results as values.
@Suite("HTTP layer: classification, idempotency and per-record results")
struct ResponseClassificationTests {
    static let url = URL(string: "http://127.0.0.1:9/rest/v1/leads.json")!
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func marketo(_ code: String) -> HTTPResponse {
        HTTPResponse(status: 200, body: Data("""
            {"requestId":"e42b#14272d07d78","success":false,"errors":[{"code":"\(code)","message":"x"}]}
            """.utf8))
    }

    @Test("Marketo errors inside HTTP 200 are classified by their code", arguments: [
        ("601", ResponseAction.sessionExpired(apiCode: "601")),
        ("602", .sessionExpired(apiCode: "602")),
        ("606", .rateLimited(retryAfter: .seconds(20), apiCode: "606")),
        ("615", .rateLimited(retryAfter: nil, apiCode: "615")),
        ("607", .quotaSpent(apiCode: "607")),
        ("1029", .quotaSpent(apiCode: "1029")),
        ("608", .unavailable(retryAfter: nil, apiCode: "608")),
        ("603", .fatal(.permission, apiCode: "603")),
        ("1003", .fatal(.badRequest, apiCode: "1003")),
    ])
    func marketoCodes(code: String, expected: ResponseAction) {
        #expect(MarketoDialect.dialect.classify(Self.marketo(code), Self.now) == expected)
    }

    /// The day's export quota stops the run, a full queue waits a minute, an enqueue sent twice is not retried.
    @Test("Marketo's 1029 is read by its message", arguments: [
        ("Export daily quota exceeded", ResponseAction.quotaSpent(apiCode: "1029")),
        ("Too many jobs in queue", .rateLimited(retryAfter: .seconds(60), apiCode: "1029")),
        ("Job already queued", .fatal(.badRequest, apiCode: "1029")),
    ])
    func marketoBulkCodes(message: String, expected: ResponseAction) {
        let response = HTTPResponse(status: 200, body: Data("""
            {"requestId":"e42b#14272d07d78","success":false,"errors":[{"code":"1029","message":"\(message)"}]}
            """.utf8))
        #expect(MarketoDialect.dialect.classify(response, Self.now) == expected)
    }

    @Test func marketoSuccessAndSkippedRecords() {
        let ok = HTTPResponse(status: 200, body: Data(#"{"success":true,"result":[{"id":1,"status":"updated"}]}"#.utf8))
        let skipped = HTTPResponse(status: 200, body: Data(#"""
            {"success":true,"result":[{"id":1,"status":"updated"},
             {"status":"skipped","reasons":[{"code":"1004","message":"Lead not found"}]}]}
            """#.utf8))
        #expect(MarketoDialect.dialect.classify(ok, Self.now) == .ok)
        #expect(MarketoDialect.dialect.classify(skipped, Self.now) == .recordErrors)
        #expect(MarketoDialect.dialect.classify(HTTPResponse(status: 414), Self.now) == .fatal(.badRequest, apiCode: nil))
        // And HubSpot's statuses keep their meaning
        #expect(HubSpotSource.dialect.classify(HTTPResponse(status: 207), Self.now) == .recordErrors)
        #expect(HubSpotSource.dialect.classify(HTTPResponse(status: 503, headers: ["Retry-After": "4"]), Self.now)
            == .unavailable(retryAfter: .seconds(4), apiCode: nil))
    }

    struct Leads: Decodable, Sendable {
        struct Lead: Decodable, Sendable { var id: Int }
        var result: [Lead]
    }

    static func client(_ transport: ScriptedTransport, clock: RecordingClock, tokens: TokenCache? = nil)
        -> HTTPClient
    {
        HTTPClient(transport: transport, dialect: MarketoDialect.dialect, authenticator: tokens,
                   retry: RetryPolicy(jitter: 0), clock: clock, random: { 0.5 }, logger: PullFixtures.quiet)
    }

    static let leads = HTTPResponse(status: 200, body: Data(#"{"success":true,"result":[{"id":7}]}"#.utf8))

    @Test("a Marketo 606 in HTTP 200 waits out the 20-second window and resends; the answer then decodes")
    func marketoRateLimitIsRetried() async throws {
        let transport = ScriptedTransport([.success(Self.marketo("606")), .success(Self.leads)])
        let clock = RecordingClock()
        let leads = try await Self.client(transport, clock: clock).json(Leads.self, endpoint: "GET /rest/v1/leads.json") {
            _ in HTTPRequest(.get, Self.url)
        }
        #expect(leads.result.map(\.id) == [7])
        let sleeps = clock.sleeps.withLock { $0 }
        #expect(sleeps.count == 1 && sleeps[0] > .seconds(19) && sleeps[0] <= .seconds(20), "\(sleeps)")
        #expect(transport.requests.withLock { $0.count } == 2)
    }

    @Test("a Marketo 607 in HTTP 200 stops at once with a spent quota, without resending")
    func marketoQuotaStops() async throws {
        let transport = ScriptedTransport([.success(Self.marketo("607"))])
        let error = await #expect(throws: APIError.self) {
            try await Self.client(transport, clock: RecordingClock()).json(Leads.self, endpoint: "GET /leads") {
                _ in HTTPRequest(.get, Self.url)
            }
        }
        #expect(error?.code == .quotaExhausted)
        #expect(error?.apiCode == "607")
        #expect(transport.requests.withLock { $0.count } == 1)
    }

    @Test("a Marketo 601 in HTTP 200 gets a new token and resends once")
    func marketoTokenInvalidReauthenticates() async throws {
        let transport = ScriptedTransport([.success(Self.marketo("601")), .success(Self.leads)])
        let tokens = TokenCache { generation throws(APIError) in
            AccessToken(value: Secret("token-\(generation)"), generation: generation)
        }
        let leads = try await Self.client(transport, clock: RecordingClock(), tokens: tokens).json(
            Leads.self, endpoint: "GET /leads") { token in
            HTTPRequest(.get, Self.url, headers: ["Authorization": "Bearer " + (token?.value.reveal() ?? "")])
        }
        #expect(leads.result.map(\.id) == [7])
        #expect(await tokens.fetches == 2)
        #expect(transport.requests.withLock { $0.map { $0.headers["Authorization"] } }
            == ["Bearer token-1", "Bearer token-2"])
    }

    @Test("a dropped connection on a batch update is 'outcome unknown', sent exactly once; a read is resent")
    func droppedWriteIsNeverResent() async throws {
        PullFixtures.avoidProxies()
        try await withSandbox(SandboxConfiguration(contacts: 20, activitiesPerContact: 0)) { sandbox in
            // Given the sandbox drops the connection of the next batch update, after applying it
            let sink = HubSpotSink(source: PullFixtures.hubSpot(sandbox))
            await sandbox.injectFault(SandboxFault(kind: .drop, vendor: .hubspot, pathContains: "batch/update"))
            // When LeadBridge writes a batch
            let outcome = try await sink.write(object: "contacts", [
                RecordWrite(key: "1", fields: ["jobtitle": "VP Sales"]),
                RecordWrite(key: "2", fields: ["jobtitle": "CTO"]),
            ])
            // Then the outcome is unknown, and the sandbox saw the request exactly once
            guard case .outcomeUnknown(let reason) = outcome else {
                Issue.record("expected outcome unknown, got \(outcome)")
                return
            }
            #expect(reason.contains("outcome_unknown") || reason.contains("not resent"), "\(reason)")
            let calls = await sandbox.callCounts()
            #expect(calls["hubspot POST /crm/v3/objects/contacts/batch/update"] == 1, "\(calls)")
            #expect(await sandbox.writeLog().filter { $0.path.contains("batch/update") }.count == 1)
            // And a read that drops the same way is resent and answers
            await sandbox.injectFault(SandboxFault(kind: .drop, vendor: .hubspot, pathContains: "batch/read"))
            let values = try await sink.currentValues(object: "contacts", keys: ["1", "2"], fields: ["jobtitle"])
            #expect(values.map(\.fields) == [["jobtitle": "VP Sales"], ["jobtitle": "CTO"]])
            #expect(await sandbox.callCounts()["hubspot POST /crm/v3/objects/contacts/batch/read"] == 2)
        }
    }

    @Test("a 207 multi-status batch update gives per-record results, not an error")
    func multiStatusIsPerRecord() async throws {
        PullFixtures.avoidProxies()
        try await withSandbox(SandboxConfiguration(contacts: 20, activitiesPerContact: 0)) { sandbox in
            // Given a batch with one contact that exists and one that does not
            let sink = HubSpotSink(source: PullFixtures.hubSpot(sandbox))
            // When it is written
            let outcome = try await sink.write(object: "contacts", [
                RecordWrite(key: "3", fields: ["jobtitle": "Head of Data"]),
                RecordWrite(key: "99999", fields: ["jobtitle": "Nobody"]),
            ])
            // Then the first is written and the second rejected with HubSpot's category
            guard case .answered(let results) = outcome else {
                Issue.record("expected an answer, got \(outcome)")
                return
            }
            #expect(results == [
                RecordWriteResult(key: "3", status: .written),
                RecordWriteResult(key: "99999", status: .rejected, errors: [RemoteRecordError(
                    code: "OBJECT_NOT_FOUND", message: "Could not update some CONTACT objects, they may be deleted "
                        + "or not exist. Check that ids are valid.")]),
            ])
        }
    }

    @Test func salesforceCollectionAndMarketoRecordResultsAreTyped() throws {
        // Salesforce sObject Collections answer HTTP 200 with success:false entries, in request order
        let salesforce = HTTPResponse(status: 200, body: Data(#"""
            [{"id":"00Q000000000001AAA","success":true,"errors":[]},
             {"success":false,"errors":[{"statusCode":"REQUIRED_FIELD_MISSING","message":"Required fields are missing: [LastName]","fields":["LastName"]}]}]
            """#.utf8))
        let results = try SalesforceCollectionResults.parse(salesforce, keys: ["00Q000000000001AAA", "00Q000000000002AAA"])
        #expect(results == [
            RecordWriteResult(key: "00Q000000000001AAA", status: .written),
            RecordWriteResult(key: "00Q000000000002AAA", status: .rejected, errors: [RemoteRecordError(
                code: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [LastName]",
                fields: ["LastName"])]),
        ])
        // Marketo marks a record skipped, with reasons, inside a successful answer
        let marketo = HTTPResponse(status: 200, body: Data(#"""
            {"requestId":"1","success":true,"result":[{"id":50,"status":"updated"},
             {"status":"skipped","reasons":[{"code":"1004","message":"Lead not found"}]}]}
            """#.utf8))
        #expect(try MarketoRecordResults.parse(marketo, keys: ["50", "51"]) == [
            RecordWriteResult(key: "50", status: .written),
            RecordWriteResult(key: "51", status: .skipped, errors: [RemoteRecordError(code: "1004",
                                                                                     message: "Lead not found")]),
        ])
    }
}

import Foundation
import LeadBridge
import LeadBridgeConnectors
import Synchronization
import Testing

/// A fake Salesforce org: token, describe, and a query whose locator expires after the first page.
final class ExpiringLocatorOrg: HTTPTransport, Sendable {
    let queries = Mutex<[String]>([])
    let fields: [String]

    init(fields: [String]) { self.fields = fields }

    static func record(_ id: String, _ stamp: String) -> String {
        #"{"attributes":{"type":"Lead"},"Id":"\#(id)","SystemModstamp":"\#(stamp)","Email":"\#(id)@example.com","NumberOfEmployees":120,"IsDeleted":\#(id == "00Q4"),"Title":null}"#
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let path = request.url.path
        func json(_ text: String, _ status: Int = 200) -> HTTPResponse {
            HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(text.utf8))
        }
        if path.hasSuffix("/services/oauth2/token") {
            return json(#"{"access_token":"tok","instance_url":"http://127.0.0.1:9","token_type":"Bearer"}"#)
        }
        if path.hasSuffix("/describe") {
            let list = fields.map { #"{"name":"\#($0)","type":"string","updateable":true}"# }.joined(separator: ",")
            return json(#"{"name":"Lead","fields":[\#(list)]}"#)
        }
        if path.contains("/query/") {
            return json(#"[{"message":"invalid query locator","errorCode":"INVALID_QUERY_LOCATOR"}]"#, 400)
        }
        let query = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?
            .queryItems?.first { $0.name == "q" }?.value ?? ""
        let count = queries.withLock { $0.append(query); return $0.count }
        if count == 1 {
            return json(#"{"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v60.0/query/01gX-2","records":["#
                + Self.record("00Q1", "2026-01-01T00:00:01.000+0000") + ","
                + Self.record("00Q2", "2026-01-01T00:00:02.500+0000") + "]}")
        }
        return json(#"{"totalSize":2,"done":true,"records":["#
            + Self.record("00Q2", "2026-01-01T00:00:02.500+0000") + ","
            + Self.record("00Q3", "2026-01-01T00:00:03.000+0000") + ","
            + Self.record("00Q4", "2026-01-01T00:00:04.000+0000") + "]}")
    }
}

@Suite("Pull: Salesforce query locator expiry")
struct PullSalesforceLocatorTests {
    @Test("an expired query locator restarts the query from the last record read, without duplicates; deleted records come as tombstones")
    func restartAfterExpiredLocator() async throws {
        let mapping = try PullFixtures.mapping("salesforce")
        let org = ExpiringLocatorOrg(fields: ["Id", "SystemModstamp", "IsDeleted"] + mapping.contactSourceFields.map(\.field))
        let source = SalesforceSource.make(
            loginURL: URL(string: "http://127.0.0.1:9")!, grant: .clientCredentials(
                clientID: Secret("id"), clientSecret: Secret("secret")),
            transport: org, retry: PullFixtures.fastRetry, logger: PullFixtures.quiet, objects: ["Lead"])
        let request = PullRequest(
            stream: PullStream(name: "Lead", object: "Lead", kind: .contacts), modifiedSince: nil,
            fields: mapping.contactSourceFields.map(\.field))
        var ids: [String] = []
        var deleted: [String] = []
        var cursors: [StreamCursor] = []
        for try await page in source.pages(request) {
            ids += page.records.compactMap { $0["Id"] }
            deleted += page.deletedIDs
            if let cursor = page.cursor { cursors.append(cursor) }
        }
        #expect(ids == ["00Q1", "00Q2", "00Q3"])
        #expect(deleted == ["00Q4"])
        let queries = org.queries.withLock { $0 }
        #expect(queries.count == 2)
        #expect(queries.last?.contains("WHERE SystemModstamp >= 2026-01-01T00:00:02Z") == true)
        #expect(queries.last?.hasSuffix("ORDER BY SystemModstamp ASC, Id ASC") == true)
        #expect(cursors.last == StreamCursor(time: 1_767_225_604_000, id: "00Q4"))
    }
}

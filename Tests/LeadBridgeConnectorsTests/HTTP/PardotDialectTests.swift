import Foundation
import LeadBridge
@testable import LeadBridgeConnectors
import Testing

/// Pardot answers `<rsp stat="fail"><err code="N">` whatever the HTTP status: the dialect reads the whole response.
@Suite("HTTP layer: Pardot's XML error envelope")
struct PardotDialectTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func failure(_ code: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, body: Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rsp stat="fail" version="1.0">
               <err code="\(code)">Something about \(code)</err>
            </rsp>
            """.utf8))
    }

    @Test("error codes are classified: 184 re-auth, 122 clean stop, 66 back off, others fatal", arguments: [
        ("184", 401, ResponseAction.sessionExpired(apiCode: "184")),
        ("184", 200, .sessionExpired(apiCode: "184")),
        ("122", 200, .quotaSpent(apiCode: "122")),
        ("66", 200, .rateLimited(retryAfter: nil, apiCode: "66")),
        ("181", 400, .fatal(.authentication, apiCode: "181")),
        ("4", 400, .fatal(.notFound, apiCode: "4")),
        ("24", 200, .fatal(.badRequest, apiCode: "24")),
    ])
    func codes(_ code: String, _ status: Int, _ expected: ResponseAction) {
        let response = Self.failure(code, status: status)
        #expect(PardotDialect.dialect.classify(response, Self.now) == expected)
        let detail = PardotDialect.dialect.errorDetail(response)
        #expect(detail.code == code)
        #expect(detail.message == "Pardot error \(code): Something about \(code)")
    }

    @Test("a success is ok; an HTML 503 from the edge is unavailable")
    func successAndEdge() {
        let ok = HTTPResponse(status: 200, body: Data("<rsp stat=\"ok\" version=\"1.0\"><result/></rsp>".utf8))
        #expect(PardotDialect.dialect.classify(ok, Self.now) == .ok)
        let edge = HTTPResponse(status: 503, body: Data("<html><body>503</body></html>".utf8))
        #expect(PardotDialect.dialect.classify(edge, Self.now) == .unavailable(retryAfter: nil, apiCode: nil))
    }

    @Test("a DOCTYPE is refused before parsing, even inside a failure envelope")
    func hostile() {
        let body = """
            <?xml version="1.0"?>
            <!DOCTYPE rsp [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rsp stat="fail" version="1.0"><err code="184">&xxe;</err></rsp>
            """
        let response = HTTPResponse(status: 200, body: Data(body.utf8))
        #expect(PardotDialect.dialect.classify(response, Self.now)
            == .fatal(.invalidResponse, apiCode: PardotDialect.hostileCode))
        #expect(PardotDialect.dialect.errorDetail(response).message?.contains("DOCTYPE") == true)
    }
}

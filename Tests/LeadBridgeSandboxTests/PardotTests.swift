import Foundation
import LeadBridgeSandbox
import Testing

@Suite("Pardot XML API over loopback")
struct PardotTests {
    static let config = SandboxConfiguration(seed: 9, contacts: 450, activitiesPerContact: 3)

    func headers(_ client: TestClient) async throws -> [String: String] {
        ["Authorization": "Bearer \(try await client.salesforceToken())",
         "Pardot-Business-Unit-Id": SandboxCredentials.pardotBusinessUnitID]
    }

    @Test("prospect query pages with offset and limit ≤ 200, filters on updated_after and id_greater_than")
    func prospects() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let headers = try await headers(client)
            var ids: [String] = []
            var offset = 0
            var total = 0
            repeat {
                let reply = try await client.send("GET", "/pardot/api/prospect/version/4/do/query?format=xml"
                    + "&limit=200&offset=\(offset)&id_greater_than=10", headers: headers)
                #expect(reply.text.contains("<rsp stat=\"ok\""))
                total = Int(Self.values("total_results", in: reply.text).first ?? "") ?? 0
                let page = Self.values("id", in: reply.text)
                ids += page
                offset += 200
                if page.isEmpty { break }
            } while offset < total
            #expect(total == 440)
            #expect(ids.count == 440 && ids.first == "11")
            let over = try await client.send("GET", "/pardot/api/prospect/version/4/do/query?limit=201",
                                             headers: headers)
            #expect(over.text.contains("stat=\"fail\""))
            let recent = try await client.send("GET", "/pardot/api/prospect/version/4/do/query"
                + "?updated_after=2026-10-15%2000:00:00&limit=200", headers: headers)
            let recentTotal = Int(Self.values("total_results", in: recent.text).first ?? "") ?? -1
            #expect(recentTotal > 0 && recentTotal < 450)
        }
    }

    @Test("update, then the change is visible and logged; auth and business unit failures")
    func updateAndAuth() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let headers = try await headers(client)
            let update = try await client.send("POST", "/pardot/api/prospect/version/4/do/update/id/7?score=123",
                                               headers: headers)
            #expect(update.text.contains("<score>123</score>"))
            let read = try await client.send("GET", "/pardot/api/prospect/version/4/do/read/id/7", headers: headers)
            #expect(read.text.contains("<score>123</score>"))
            #expect(await sandbox.writeLog().last?.vendor == "pardot")
            let noToken = try await client.send("GET", "/pardot/api/prospect/version/4/do/query",
                                                headers: ["Pardot-Business-Unit-Id": "x"])
            #expect(noToken.text.contains("<err code=\"184\">"))
            var wrongUnit = headers
            wrongUnit["Pardot-Business-Unit-Id"] = "0UvOTHER"
            let unit = try await client.send("GET", "/pardot/api/prospect/version/4/do/query", headers: wrongUnit)
            #expect(unit.text.contains("stat=\"fail\""))
        }
    }

    @Test("visitor activities page by id_greater_than")
    func visitorActivities() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let headers = try await headers(client)
            var last = 0
            var count = 0
            while true {
                let reply = try await client.send("GET", "/pardot/api/visitorActivity/version/4/do/query"
                    + "?limit=200&id_greater_than=\(last)", headers: headers)
                let ids = Self.values("id", in: reply.text).compactMap(Int.init)
                if ids.isEmpty { break }
                #expect(ids == ids.sorted() && ids.first! > last)
                count += ids.count
                last = ids.last!
            }
            #expect(count == 450 * 3)
        }
    }

    /// Texts of `<name>…</name>` elements (a test-side reading, deliberately crude).
    static func values(_ name: String, in xml: String) -> [String] {
        xml.components(separatedBy: "<\(name)>").dropFirst()
            .compactMap { $0.components(separatedBy: "</\(name)>").first }
    }
}

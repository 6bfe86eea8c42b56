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

    @Test("a deleted prospect leaves queries and reads; deleted=true lists it with updated_at at the deletion")
    func deletedProspects() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let headers = try await headers(client)
            // Given prospect 7 deleted in the UI
            let archived = try await client.send("POST", "/__sandbox/archive",
                                                 json: ["vendor": "pardot", "object": "prospect", "id": "7"])
            #expect(archived.status == 200)
            // Then live queries leave it out, deleted=true lists only it, deleted=all both
            let live = try await client.send("GET", "/pardot/api/prospect/version/4/do/query?limit=200"
                + "&id_less_than=10", headers: headers)
            #expect(Self.values("id", in: live.text) == ["1", "2", "3", "4", "5", "6", "8", "9"])
            let deleted = try await client.send("GET", "/pardot/api/prospect/version/4/do/query?deleted=true",
                                                headers: headers)
            #expect(Self.values("id", in: deleted.text) == ["7"])
            let newest = try await client.send("GET", "/pardot/api/prospect/version/4/do/query?deleted=all"
                + "&sort_by=updated_at&sort_order=descending&limit=1", headers: headers)
            #expect(Self.values("id", in: newest.text) == ["7"])
            let all = try await client.send("GET", "/pardot/api/prospect/version/4/do/query?deleted=all"
                + "&id_less_than=10", headers: headers)
            #expect(Self.values("id", in: all.text).count == 9)
            // And a read answers error 4
            let read = try await client.send("GET", "/pardot/api/prospect/version/4/do/read/id/7", headers: headers)
            #expect(read.text.contains("<err code=\"4\">"))
        }
    }

    @Test("sort_by=updated_at orders by (updated_at, id); updated_before bounds a window; a rep's edit moves it")
    func updatedOrder() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let headers = try await headers(client)
            _ = try await client.send("POST", "/__sandbox/edit",
                                      json: ["vendor": "pardot", "object": "prospect", "id": "3",
                                             "fields": ["job_title": "CTO"]])
            let reply = try await client.send("GET", "/pardot/api/prospect/version/4/do/query?limit=200"
                + "&sort_by=updated_at&sort_order=ascending", headers: headers)
            let stamps = Self.values("updated_at", in: reply.text)
            #expect(stamps == stamps.sorted())
            let last = try await client.send("GET", "/pardot/api/prospect/version/4/do/query?limit=1"
                + "&sort_by=updated_at&sort_order=descending", headers: headers)
            #expect(Self.values("id", in: last.text) == ["3"])
            let newest = Self.values("updated_at", in: last.text).first ?? ""
            let window = try await client.send("GET", "/pardot/api/prospect/version/4/do/query?limit=200"
                + "&updated_before=" + TestClient.encode(newest), headers: headers)
            #expect(!Self.values("id", in: window.text).contains("3"))
        }
    }

    @Test("visitor activity types follow the documented codes; created_before bounds the window")
    func activityTypes() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let headers = try await headers(client)
            let reply = try await client.send("GET", "/pardot/api/visitorActivity/version/4/do/query?limit=200"
                + "&sort_by=id&sort_order=ascending", headers: headers)
            let documented = ["1": "Click", "2": "View", "4": "Success", "11": "Open", "12": "Unsubscribe Page",
                              "24": "Attended Webinar", "25": "Registered for Webinar"]
            let types = Self.values("type", in: reply.text)
            let names = Self.values("type_name", in: reply.text)
            #expect(types.count == names.count && !types.isEmpty)
            for (type, name) in zip(types, names) { #expect(documented[type] == name) }
            let early = try await client.send("GET", "/pardot/api/visitorActivity/version/4/do/query?limit=200"
                + "&created_before=2000-01-01%2000:00:00", headers: headers)
            #expect(Self.values("id", in: early.text).isEmpty)
        }
    }

    @Test("the hostileXML fault answers a DOCTYPE with an external entity and entity expansion, once")
    func hostileFault() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let headers = try await headers(client)
            await sandbox.injectFault(SandboxFault(kind: .hostileXML, vendor: .pardot))
            let hostile = try await client.send("GET", "/pardot/api/prospect/version/4/do/query", headers: headers)
            #expect(hostile.status == 200)
            #expect(hostile.text.contains("<!DOCTYPE") && hostile.text.contains("SYSTEM \"file:///etc/passwd\""))
            let clean = try await client.send("GET", "/pardot/api/prospect/version/4/do/query", headers: headers)
            #expect(!clean.text.contains("<!DOCTYPE") && clean.text.contains("stat=\"ok\""))
        }
    }

    /// Texts of `<name>…</name>` elements (a test-side reading, deliberately crude).
    static func values(_ name: String, in xml: String) -> [String] {
        xml.components(separatedBy: "<\(name)>").dropFirst()
            .compactMap { $0.components(separatedBy: "</\(name)>").first }
    }
}

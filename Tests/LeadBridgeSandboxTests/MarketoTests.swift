import Foundation
import LeadBridgeSandbox
import Testing

@Suite("Marketo REST over loopback")
struct MarketoTests {
    static let config = SandboxConfiguration(seed: 5, contacts: 320, activitiesPerContact: 4)

    func token(_ client: TestClient) async throws -> String {
        let reply = try await client.send("GET", "/marketo/identity/oauth/token?grant_type=client_credentials"
            + "&client_id=\(SandboxCredentials.marketoClientID)"
            + "&client_secret=\(SandboxCredentials.marketoClientSecret)")
        return reply.object["access_token"] as? String ?? ""
    }

    @Test("identity token, then leads by id filter paged with nextPageToken")
    func leadsByFilter() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let bad = try await client.send("GET", "/marketo/identity/oauth/token?grant_type=client_credentials"
                + "&client_id=x&client_secret=y")
            #expect(bad.status == 401)
            let token = try await token(client)
            let auth = ["Authorization": "Bearer \(token)"]
            let ids = (1...310).map(String.init).joined(separator: ",")
            let tooMany = try await client.send("GET", "/marketo/rest/v1/leads.json?filterType=id&filterValues="
                + (1...301).map(String.init).joined(separator: ","), headers: auth)
            #expect(tooMany.status == 200 && tooMany.object["success"] as? Bool == false)
            let filter = (1...250).map(String.init).joined(separator: ",")
            _ = ids
            var seen: [Int] = []
            var next: String?
            repeat {
                let reply = try await client.send("GET", "/marketo/rest/v1/leads.json?filterType=id&filterValues="
                    + filter + "&batchSize=100&fields=id,email,updatedAt"
                    + (next.map { "&nextPageToken=\(TestClient.encode($0))" } ?? ""), headers: auth)
                #expect(reply.object["success"] as? Bool == true)
                seen += (reply.object["result"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                next = reply.object["nextPageToken"] as? String
            } while next != nil
            #expect(seen == Array(1...250))
            let unknownField = try await client.send("GET", "/marketo/rest/v1/leads.json?filterType=id"
                + "&filterValues=1&fields=nope", headers: auth)
            #expect((unknownField.object["errors"] as? [[String: Any]])?.first?["code"] as? String == "1006")
        }
    }

    @Test("token errors are HTTP 200 with success false: 600, 601, 602")
    func tokenErrors() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            func code(_ headers: [String: String]) async throws -> String? {
                let reply = try await client.send("GET", "/marketo/rest/v1/leads/describe.json", headers: headers)
                #expect(reply.status == 200)
                return (reply.object["errors"] as? [[String: Any]])?.first?["code"] as? String
            }
            #expect(try await code([:]) == "600")
            #expect(try await code(["Authorization": "Bearer nope"]) == "601")
            let token = try await token(client)
            #expect(try await code(["Authorization": "Bearer \(token)"]) == nil)
            await sandbox.injectFault(SandboxFault(kind: .tokenExpiry, vendor: .marketo))
            #expect(try await code(["Authorization": "Bearer \(token)"]) == "602")
        }
    }

    @Test("rate limit 606 and daily quota 607 inside HTTP 200")
    func limits() async throws {
        var config = Self.config
        config.rateLimits.marketoCallsPerTwentySeconds = 2
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            var codes: [String?] = []
            for _ in 0..<3 {
                let reply = try await client.send("GET", "/marketo/rest/v1/activities/types.json", headers: auth)
                codes.append((reply.object["errors"] as? [[String: Any]])?.first?["code"] as? String)
            }
            #expect(codes == [nil, nil, "606"])
        }
        config.rateLimits.marketoCallsPerTwentySeconds = nil
        config.rateLimits.marketoCallsPerDay = 1
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            _ = try await client.send("GET", "/marketo/rest/v1/activities/types.json", headers: auth)
            let reply = try await client.send("GET", "/marketo/rest/v1/activities/types.json", headers: auth)
            #expect((reply.object["errors"] as? [[String: Any]])?.first?["code"] as? String == "607")
        }
    }

    @Test("POST leads.json: ≤300 inputs, per-record status, updateOnly skips unknown leads")
    func syncLeads() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            let lookup = try await client.send("GET", "/marketo/rest/v1/leads.json?filterType=id&filterValues=3",
                                               headers: auth)
            let email = try #require((lookup.object["result"] as? [[String: Any]])?.first?["email"] as? String)
            let over = try await client.send("POST", "/marketo/rest/v1/leads.json", headers: auth, json: [
                "action": "updateOnly", "lookupField": "email",
                "input": (0..<301).map { ["email": "x\($0)@example.com"] },
            ])
            #expect(over.object["success"] as? Bool == false)
            let reply = try await client.send("POST", "/marketo/rest/v1/leads.json", headers: auth, json: [
                "action": "updateOnly", "lookupField": "email",
                "input": [["email": email.uppercased(), "leadScore": 99], ["email": "nobody@example.com"]],
            ])
            let results = reply.object["result"] as? [[String: Any]] ?? []
            #expect(results.first?["status"] as? String == "updated")
            #expect(results.first?["id"] as? Int == 3)
            #expect(results.last?["status"] as? String == "skipped")
            #expect(((results.last?["reasons"] as? [[String: Any]])?.first?["code"] as? String) == "1004")
            let created = try await client.send("POST", "/marketo/rest/v1/leads.json", headers: auth, json: [
                "action": "createOrUpdate", "input": [["email": "new.person@example.com", "firstName": "New"]],
            ])
            #expect((created.object["result"] as? [[String: Any]])?.first?["status"] as? String == "created")
            let check = try await client.send("GET", "/marketo/rest/v1/leads.json?filterType=email"
                + "&filterValues=new.person@example.com&fields=firstName", headers: auth)
            #expect((check.object["result"] as? [[String: Any]])?.first?["firstName"] as? String == "New")
        }
    }

    @Test("activities: types, paging token, pages in date order to the end")
    func activities() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            let types = try await client.send("GET", "/marketo/rest/v1/activities/types.json", headers: auth)
            let allTypes = (types.object["result"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            #expect(allTypes.contains(1) && allTypes.contains(104) && allTypes.contains(12))
            // New Lead, Change Data Value and Delete Lead come from the leads, not the seed activities.
            let typeIDs = allTypes.filter { ![12, 13, 37].contains($0) }
            let paging = try await client.send("GET", "/marketo/rest/v1/activities/pagingtoken.json"
                + "?sinceDatetime=2026-01-01T00:00:00Z", headers: auth)
            var token = try #require(paging.object["nextPageToken"] as? String)
            var dates: [String] = []
            var more = true
            var pages = 0
            while more && pages < 20 {
                let reply = try await client.send("GET", "/marketo/rest/v1/activities.json?activityTypeIds="
                    + typeIDs.map(String.init).joined(separator: ",") + "&nextPageToken="
                    + TestClient.encode(token), headers: auth)
                dates += (reply.object["result"] as? [[String: Any]] ?? []).compactMap { $0["activityDate"] as? String }
                more = reply.object["moreResult"] as? Bool ?? false
                token = reply.object["nextPageToken"] as? String ?? ""
                pages += 1
            }
            #expect(dates.count == 320 * 4)
            #expect(dates == dates.sorted())
        }
    }

    /// Pages an activity-like endpoint from a `sinceDatetime` to `moreResult: false`; returns the results.
    func pageAll(_ client: TestClient, auth: [String: String], path: String, query: String,
                 since: String = "2000-01-01T00:00:00Z") async throws -> [[String: Any]] {
        let paging = try await client.send("GET", "/marketo/rest/v1/activities/pagingtoken.json?sinceDatetime="
            + TestClient.encode(since), headers: auth)
        var token = try #require(paging.object["nextPageToken"] as? String)
        var results: [[String: Any]] = []
        var more = true
        var pages = 0
        while more && pages < 100 {
            let reply = try await client.send("GET", "/marketo/rest/v1/\(path)?\(query)&nextPageToken="
                + TestClient.encode(token), headers: auth)
            #expect(reply.object["success"] as? Bool == true)
            results += reply.object["result"] as? [[String: Any]] ?? []
            more = reply.object["moreResult"] as? Bool ?? false
            token = reply.object["nextPageToken"] as? String ?? ""
            pages += 1
        }
        return results
    }

    @Test("New Lead activities (type 12) list every lead once, in date order, and no deleted lead")
    func newLeads() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            _ = try await client.send("POST", "/__sandbox/archive", json: ["vendor": "marketo", "object": "leads",
                                                                          "id": "7"])
            let results = try await pageAll(client, auth: auth, path: "activities.json",
                                            query: "activityTypeIds=12&batchSize=50")
            let leads = results.compactMap { $0["leadId"] as? Int }
            #expect(Set(leads) == Set(1...320).subtracting([7]) && leads.count == 319)
            let dates = results.compactMap { $0["activityDate"] as? String }
            #expect(dates == dates.sorted())
            #expect(results.allSatisfy { $0["activityTypeId"] as? Int == 12 })
        }
    }

    @Test("leadchanges.json: an edit shows as a Change Data Value of the fields asked for; fields is required")
    func leadChanges() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            let none = try await pageAll(client, auth: auth, path: "activities/leadchanges.json",
                                         query: "fields=title,company")
            #expect(none.isEmpty)
            _ = try await client.send("POST", "/__sandbox/edit", json: [
                "vendor": "marketo", "object": "leads", "id": "12", "fields": ["title": "CTO"]])
            _ = try await client.send("POST", "/__sandbox/edit", json: [
                "vendor": "marketo", "object": "leads", "id": "14", "fields": ["phone": "123"]])
            let changes = try await pageAll(client, auth: auth, path: "activities/leadchanges.json",
                                            query: "fields=title,company")
            #expect(changes.compactMap { $0["leadId"] as? Int } == [12])
            let fields = changes.first?["fields"] as? [[String: Any]] ?? []
            #expect(fields.first?["name"] as? String == "title" && fields.first?["newValue"] as? String == "CTO")
            #expect(changes.first?["activityTypeId"] as? Int == 13)
            let paging = try await client.send("GET", "/marketo/rest/v1/activities/pagingtoken.json"
                + "?sinceDatetime=2000-01-01T00:00:00Z", headers: auth)
            let token = paging.object["nextPageToken"] as? String ?? ""
            let missing = try await client.send("GET", "/marketo/rest/v1/activities/leadchanges.json?nextPageToken="
                + TestClient.encode(token), headers: auth)
            #expect(missing.object["success"] as? Bool == false)
        }
    }

    @Test("deletedleads.json lists a deleted lead once; leads.json no longer finds it")
    func deletedLeads() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            _ = try await client.send("POST", "/__sandbox/archive", json: ["vendor": "marketo", "object": "leads",
                                                                          "id": "3"])
            let deleted = try await pageAll(client, auth: auth, path: "activities/deletedleads.json",
                                            query: "batchSize=10")
            #expect(deleted.compactMap { $0["leadId"] as? Int } == [3])
            #expect(deleted.first?["activityTypeId"] as? Int == 37)
            let read = try await client.send("GET", "/marketo/rest/v1/leads.json?filterType=id&filterValues=2,3,4"
                + "&fields=id,email", headers: auth)
            #expect((read.object["result"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } == [2, 4])
        }
    }

    @Test("POST leads.json?_method=GET reads leads with the parameters in a form body")
    func methodOverride() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            let reply = try await client.send("POST", "/marketo/rest/v1/leads.json?_method=GET", headers: auth,
                form: ["filterType": "id", "filterValues": (1...300).map(String.init).joined(separator: ","),
                       "fields": "id,email,title"])
            #expect((reply.object["result"] as? [[String: Any]])?.count == 300)
        }
    }

    @Test("an injected daily quota answers 607 inside HTTP 200")
    func dailyQuotaFault() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            _ = try await client.send("POST", "/__sandbox/faults", json: ["kind": "dailyQuota", "count": 1,
                                                                          "vendor": "marketo"])
            let reply = try await client.send("GET", "/marketo/rest/v1/activities/types.json", headers: auth)
            #expect(reply.status == 200)
            #expect((reply.object["errors"] as? [[String: Any]])?.first?["code"] as? String == "607")
        }
    }

    @Test("a call examines at most 20,000 activities: a rare match gives an empty page that says moreResult true")
    func emptyPageWithMoreResult() async throws {
        try await withSandbox(SandboxConfiguration(seed: 5, contacts: 4_000, activitiesPerContact: 6)) { sandbox in
            let client = TestClient(sandbox)
            let auth = ["Authorization": "Bearer \(try await token(client))"]
            let paging = try await client.send("GET", "/marketo/rest/v1/activities/pagingtoken.json"
                + "?sinceDatetime=2000-01-01T00:00:00Z", headers: auth)
            var token = try #require(paging.object["nextPageToken"] as? String)
            var counts: [Int] = []
            var mores: [Bool] = []
            var more = true
            while more && counts.count < 10 {
                let reply = try await client.send("GET", "/marketo/rest/v1/activities.json?activityTypeIds=9"
                    + "&leadIds=1&nextPageToken=" + TestClient.encode(token), headers: auth)
                more = reply.object["moreResult"] as? Bool ?? false
                counts.append((reply.object["result"] as? [[String: Any]])?.count ?? 0)
                mores.append(more)
                token = reply.object["nextPageToken"] as? String ?? ""
            }
            // 24,000 activities and lead 1 never unsubscribed: an empty page that says more, then the end
            #expect(mores == [true, false])
            #expect(counts == [0, 0])
        }
    }
}

import Foundation
import LeadBridgeSandbox
import Testing

@Suite("Salesforce REST over loopback")
struct SalesforceTests {
    static let config = SandboxConfiguration(seed: 11, contacts: 300, activitiesPerContact: 20)

    @Test("token endpoint: refresh_token and client_credentials grants, and their errors")
    func tokens() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let refreshed = try await client.send("POST", "/salesforce/services/oauth2/token", form: [
                "grant_type": "refresh_token", "client_id": SandboxCredentials.salesforceClientID,
                "client_secret": SandboxCredentials.salesforceClientSecret,
                "refresh_token": SandboxCredentials.salesforceRefreshToken,
            ])
            #expect(refreshed.status == 200)
            #expect((refreshed.object["instance_url"] as? String)?.hasSuffix("/salesforce") == true)
            // The instance URL is reachable as given: it keeps the sandbox's port
            #expect(refreshed.object["instance_url"] as? String == "http://127.0.0.1:\(sandbox.port)/salesforce")
            #expect(refreshed.object["token_type"] as? String == "Bearer")
            let badRefresh = try await client.send("POST", "/salesforce/services/oauth2/token", form: [
                "grant_type": "refresh_token", "client_id": SandboxCredentials.salesforceClientID,
                "refresh_token": "stale",
            ])
            #expect(badRefresh.status == 400)
            #expect(badRefresh.object["error"] as? String == "invalid_grant")
            let badClient = try await client.send("POST", "/salesforce/services/oauth2/token", form: [
                "grant_type": "client_credentials", "client_id": "who", "client_secret": "x",
            ])
            #expect(badClient.object["error"] as? String == "invalid_client_id")
            let versions = try await client.send("GET", "/salesforce/services/data/")
            #expect(versions.array.contains { $0["version"] as? String == "60.0" })
        }
    }

    @Test("a SOQL query pages with nextRecordsUrl until done")
    func queryPaging() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            var reply = try await client.soql("SELECT Id, WhoId, SystemModstamp FROM Task ORDER BY Id",
                                              token: token, headers: ["Sforce-Query-Options": "batchSize=200"])
            #expect(reply.status == 200)
            let total = reply.object["totalSize"] as? Int ?? 0
            var ids = (reply.object["records"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
            var pages = 1
            while let next = reply.object["nextRecordsUrl"] as? String {
                #expect(reply.object["done"] as? Bool == false)
                reply = try await client.salesforce("GET", next, token: token,
                                                    headers: ["Sforce-Query-Options": "batchSize=200"])
                ids += (reply.object["records"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
                pages += 1
            }
            #expect(reply.object["done"] as? Bool == true)
            #expect(total > 400)
            #expect(ids.count == total)
            #expect(Set(ids).count == total)
            #expect(pages == (total + 199) / 200)
        }
    }

    @Test("WHERE SystemModstamp, AND, Id IN, ORDER BY and LIMIT")
    func queryFilters() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let reply = try await client.soql("""
                SELECT Id, Email, Lifecycle_Stage__c, Lead_Score__c, SystemModstamp FROM Lead \
                WHERE SystemModstamp > 2026-08-01T00:00:00Z AND IsConverted = false \
                ORDER BY SystemModstamp ASC, Id LIMIT 25
                """, token: token)
            #expect(reply.status == 200)
            let records = reply.object["records"] as? [[String: Any]] ?? []
            #expect(!records.isEmpty && records.count <= 25)
            let stamps = records.compactMap { $0["SystemModstamp"] as? String }
            #expect(stamps == stamps.sorted())
            #expect(stamps.allSatisfy { $0 > "2026-08-01T00:00:00" })
            #expect(records.allSatisfy { ($0["attributes"] as? [String: Any])?["type"] as? String == "Lead" })
            let ids = records.prefix(3).compactMap { $0["Id"] as? String }
            let byID = try await client.soql("SELECT Id FROM Lead WHERE Id IN ('\(ids.joined(separator: "','"))')",
                                             token: token)
            #expect(byID.object["totalSize"] as? Int == 3)
        }
    }

    @Test("query errors: MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, and 401 INVALID_SESSION_ID")
    func queryErrors() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let malformed = try await client.soql("SELECT Id FROM Lead WHERE", token: token)
            #expect(malformed.status == 400)
            #expect(malformed.array.first?["errorCode"] as? String == "MALFORMED_QUERY")
            let field = try await client.soql("SELECT Id, Nope__c FROM Lead", token: token)
            #expect(field.array.first?["errorCode"] as? String == "INVALID_FIELD")
            #expect((field.array.first?["message"] as? String)?.contains("No such column 'Nope__c'") == true)
            let quoted = try await client.soql("SELECT Id FROM Lead WHERE SystemModstamp > '2026-01-01'",
                                               token: token)
            #expect(quoted.array.first?["errorCode"] as? String == "INVALID_FIELD")
            let type = try await client.soql("SELECT Id FROM Widget", token: token)
            #expect(type.array.first?["errorCode"] as? String == "INVALID_TYPE")
            let noSession = try await client.soql("SELECT Id FROM Lead", token: "bogus")
            #expect(noSession.status == 401)
            #expect(noSession.array.first?["errorCode"] as? String == "INVALID_SESSION_ID")
        }
    }

    @Test("describe lists the custom fields")
    func describe() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let reply = try await client.salesforce("GET", "/services/data/v60.0/sobjects/Lead/describe", token: token)
            let fields = reply.object["fields"] as? [[String: Any]] ?? []
            let stage = fields.first { $0["name"] as? String == "Lifecycle_Stage__c" }
            #expect(stage?["custom"] as? Bool == true)
            #expect(fields.first { $0["name"] as? String == "Lead_Score__c" }?["type"] as? String == "double")
        }
    }

    @Test("a rep edit after our read makes a conditional PATCH fail with 412")
    func conditionalPatch() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let leads = try await client.soql("""
                SELECT Id FROM Lead WHERE LastModifiedDate < 2026-10-30T00:00:00Z ORDER BY Id LIMIT 2
                """, token: token)
            let ids = (leads.object["records"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
            try #require(ids.count == 2)
            // Given we read both leads on 31 October, when a rep edits the first one afterwards …
            let readAt = "Sat, 31 Oct 2026 00:00:00 GMT"
            let edit = try await client.send("POST", "/__sandbox/edit", json: [
                "vendor": "salesforce", "object": "Lead", "id": ids[0], "fields": ["Lifecycle_Stage__c": "Qualified"],
            ])
            #expect(edit.status == 200)
            let stale = try await client.salesforce("PATCH", "/services/data/v60.0/sobjects/Lead/\(ids[0])",
                                                    token: token, json: ["Lead_Score__c": 50],
                                                    headers: ["If-Unmodified-Since": readAt])
            let untouched = try await client.salesforce("PATCH", "/services/data/v60.0/sobjects/Lead/\(ids[1])",
                                                        token: token, json: ["Lead_Score__c": 42],
                                                        headers: ["If-Unmodified-Since": readAt])
            // … then our conditional write to it is refused and the rep's value stands; the other lands.
            #expect(stale.status == 412)
            #expect(untouched.status == 204)
            let first = try await client.salesforce("GET", "/services/data/v60.0/sobjects/Lead/\(ids[0])", token: token)
            #expect(first.object["Lifecycle_Stage__c"] as? String == "Qualified")
            #expect(first.object["Lead_Score__c"] is NSNull)
            let second = try await client.salesforce("GET", "/services/data/v60.0/sobjects/Lead/\(ids[1])",
                                                     token: token)
            #expect(second.object["Lead_Score__c"] as? Double == 42)
            let badHeader = try await client.salesforce("PATCH", "/services/data/v60.0/sobjects/Lead/\(ids[1])",
                                                        token: token, json: ["Lead_Score__c": 1],
                                                        headers: ["If-Unmodified-Since": "yesterday"])
            #expect(badHeader.status == 400)
            let readOnly = try await client.salesforce("PATCH", "/services/data/v60.0/sobjects/Lead/\(ids[1])",
                                                       token: token, json: ["SystemModstamp": "x"])
            #expect(readOnly.array.first?["errorCode"] as? String == "INVALID_FIELD_FOR_INSERT_UPDATE")
        }
    }

    @Test("composite/sobjects: 200 records at most, per-record results, allOrNone rolls back")
    func collections() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let leads = try await client.soql("SELECT Id FROM Lead ORDER BY Id LIMIT 3", token: token)
            let ids = (leads.object["records"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
            func records(_ ids: [String]) -> [[String: Any]] {
                ids.map { ["attributes": ["type": "Lead"], "id": $0, "Lead_Score__c": 10] }
            }
            let tooMany = try await client.salesforce("PATCH", "/services/data/v60.0/composite/sobjects",
                                                      token: token,
                                                      json: ["allOrNone": false,
                                                             "records": records(Array(repeating: ids[0], count: 201))])
            #expect(tooMany.status == 400)
            #expect(tooMany.array.first?["errorCode"] as? String == "EXCEEDED_ID_LIMIT")
            let bad = "00QSb0999999999"
            let partial = try await client.salesforce("PATCH", "/services/data/v60.0/composite/sobjects", token: token,
                                                      json: ["allOrNone": false, "records": records(ids + [bad])])
            #expect(partial.status == 200)
            #expect(partial.array.map { $0["success"] as? Bool } == [true, true, true, false])
            var rolled = records(ids)
            rolled[1]["Lifecycle_Stage__c"] = "Not a stage"
            let all = try await client.salesforce("PATCH", "/services/data/v60.0/composite/sobjects", token: token,
                                                  json: ["allOrNone": true, "records": rolled])
            #expect(all.array.allSatisfy { $0["success"] as? Bool == false })
            let firstErrors = all.array.first?["errors"] as? [[String: Any]]
            #expect(firstErrors?.first?["statusCode"] as? String == "ALL_OR_NONE_OPERATION_ROLLED_BACK")
            let log = await sandbox.writeLog()
            #expect(log.map(\.recordsChanged) == [0, 3, 0])
        }
    }

    @Test("token expiry and the daily request limit")
    func expiryAndLimits() async throws {
        var config = Self.config
        config.rateLimits.salesforceRequestsPerDay = 4
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let first = try await client.soql("SELECT Id FROM Lead LIMIT 1", token: token)
            #expect(first.status == 200)
            #expect(first.header("Sforce-Limit-Info") == "api-usage=1/4")
            await sandbox.injectFault(SandboxFault(kind: .tokenExpiry, vendor: .salesforce))
            let expired = try await client.soql("SELECT Id FROM Lead LIMIT 1", token: token)
            #expect(expired.status == 401)
            #expect(expired.array.first?["errorCode"] as? String == "INVALID_SESSION_ID")
            let fresh = try await client.salesforceToken()
            for _ in 0..<3 { _ = try await client.soql("SELECT Id FROM Lead LIMIT 1", token: fresh) }
            let limited = try await client.soql("SELECT Id FROM Lead LIMIT 1", token: fresh)
            #expect(limited.status == 403)
            #expect(limited.array.first?["errorCode"] as? String == "REQUEST_LIMIT_EXCEEDED")
        }
    }
}

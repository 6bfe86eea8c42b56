import Foundation
import LeadBridgeSandbox
import Testing

@Suite("HubSpot CRM v3 over loopback")
struct HubSpotTests {
    static let config = SandboxConfiguration(seed: 7, contacts: 250, activitiesPerContact: 6)

    @Test("listing pages by `after` to the end and returns every contact once")
    func listToTheEnd() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            var ids: [String] = []
            var after: String?
            var pages = 0
            repeat {
                let reply = try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=100"
                    + (after.map { "&after=\($0)" } ?? "") + "&properties=email,lifecyclestage")
                #expect(reply.status == 200)
                let results = reply.object["results"] as? [[String: Any]] ?? []
                ids += results.compactMap { $0["id"] as? String }
                let properties = results.first?["properties"] as? [String: Any]
                #expect(properties?["email"] is String)
                #expect(properties?["lifecyclestage"] is String)
                after = ((reply.object["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String
                pages += 1
            } while after != nil && pages < 10
            #expect(pages == 3)
            #expect(ids.count == 250)
            #expect(Set(ids).count == 250)
            let tooBig = try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=101")
            #expect(tooBig.status == 400)
        }
    }

    @Test("no or wrong bearer token answers 401 with the INVALID_AUTHENTICATION body")
    func unauthorized() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let missing = try await client.send("GET", "/hubspot/crm/v3/objects/contacts")
            #expect(missing.status == 401)
            #expect(missing.object["category"] as? String == "INVALID_AUTHENTICATION")
            #expect(missing.object["status"] as? String == "error")
            #expect(missing.object["correlationId"] is String)
            let wrong = try await client.send("GET", "/hubspot/crm/v3/objects/contacts",
                                              headers: ["Authorization": "Bearer nope"])
            #expect(wrong.status == 401)
        }
    }

    @Test("search filters on lastmodifieddate, sorts, reports total, and pages")
    func searchByModifiedDate() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let since = "2026-09-01T00:00:00.000Z"
            var seen: [(String, String)] = []
            var after: String?
            var total = -1
            repeat {
                var body: [String: Any] = [
                    "filterGroups": [["filters": [["propertyName": "lastmodifieddate", "operator": "GTE",
                                                   "value": since]]]],
                    "sorts": [["propertyName": "lastmodifieddate", "direction": "ASCENDING"]],
                    "properties": ["email", "lastmodifieddate"], "limit": 40,
                ]
                if let after { body["after"] = after }
                let reply = try await client.hubSpot("POST", "/crm/v3/objects/contacts/search", json: body)
                #expect(reply.status == 200)
                total = reply.object["total"] as? Int ?? -1
                for result in reply.object["results"] as? [[String: Any]] ?? [] {
                    let properties = result["properties"] as? [String: Any] ?? [:]
                    seen.append((result["id"] as? String ?? "", properties["lastmodifieddate"] as? String ?? ""))
                }
                after = ((reply.object["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String
            } while after != nil
            #expect(total > 0 && total < 250)
            #expect(seen.count == total)
            #expect(seen.allSatisfy { $0.1 >= since })
            #expect(seen.map(\.1) == seen.map(\.1).sorted())
        }
    }

    @Test("search refuses limit over 200 and paging beyond 10,000 results")
    func searchLimits() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let overLimit = try await client.hubSpot("POST", "/crm/v3/objects/contacts/search", json: ["limit": 201])
            #expect(overLimit.status == 400)
            let beyondCap = try await client.hubSpot("POST", "/crm/v3/objects/contacts/search",
                                                     json: ["limit": 100, "after": "10000"])
            #expect(beyondCap.status == 400)
            #expect(beyondCap.object["category"] as? String == "VALIDATION_ERROR")
        }
    }

    @Test("batch update: over 100 inputs is a 400; updates land; a backward stage is ignored silently")
    func batchUpdate() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let tooMany = (1...101).map { ["id": String($0), "properties": ["leadbridge_score": "1"]] }
            let rejected = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/update",
                                                    json: ["inputs": tooMany])
            #expect(rejected.status == 400)
            #expect(rejected.object["category"] as? String == "VALIDATION_ERROR")

            // Given a contact at salesqualifiedlead, when we try to move it back to lead and set a score …
            let read = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/read",
                                                json: ["inputs": (1...50).map { ["id": String($0)] },
                                                       "properties": ["lifecyclestage"]])
            let results = read.object["results"] as? [[String: Any]] ?? []
            let advanced = try #require(results.first {
                ($0["properties"] as? [String: Any])?["lifecyclestage"] as? String == "salesqualifiedlead"
            })
            let id = advanced["id"] as! String
            let update = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/update", json: [
                "inputs": [["id": id, "properties": ["lifecyclestage": "lead", "leadbridge_score": "77"]]],
            ])
            #expect(update.status == 200)
            // … then the score changed, the stage did not, and no error was reported.
            let after = try await client.hubSpot("GET", "/crm/v3/objects/contacts/\(id)"
                + "?properties=lifecyclestage,leadbridge_score,lastmodifieddate")
            let properties = after.object["properties"] as? [String: Any] ?? [:]
            #expect(properties["leadbridge_score"] as? String == "77")
            #expect(properties["lifecyclestage"] as? String == "salesqualifiedlead")

            // HubSpot calculates hubspotscore: writing it fails the whole batch, as HubSpot answers
            let readOnly = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/update", json: [
                "inputs": [["id": id, "properties": ["hubspotscore": "77", "jobtitle": "CTO"]]],
            ])
            #expect(readOnly.status == 400)
            #expect(readOnly.object["category"] as? String == "VALIDATION_ERROR")
            let errors = readOnly.object["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["code"] as? String } == ["READ_ONLY_VALUE"])
            #expect(errors.first?["message"] as? String
                == "\"hubspotscore\" is a read only property; its value cannot be set.")
            #expect(((errors.first?["context"] as? [String: Any])?["propertyName"] as? [String]) == ["hubspotscore"])
            #expect((readOnly.object["message"] as? String)?.contains("READ_ONLY_VALUE") == true)

            let unknown = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/update", json: [
                "inputs": [["id": id, "properties": ["no_such_property": "x"]]],
            ])
            #expect(unknown.status == 400)
            let unknownErrors = unknown.object["errors"] as? [[String: Any]]
            #expect(unknownErrors?.first?["code"] as? String == "PROPERTY_DOESNT_EXIST")
            let missing = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/read",
                                                   json: ["inputs": [["id": "1"], ["id": "999999"]]])
            #expect(missing.status == 207)

            let log = await sandbox.writeLog()
            #expect(log.map(\.status) == [400, 200, 400, 400])
            #expect(log[1].recordsChanged == 1)
        }
    }

    @Test("hubspotscore is read-only; leadbridge_score is a custom number property, empty until written")
    func customScoreProperty() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            // The definitions say which property a client may write
            let score = try await client.hubSpot("GET", "/crm/v3/properties/contacts/hubspotscore")
            #expect((score.object["modificationMetadata"] as? [String: Any])?["readOnlyValue"] as? Bool == true)
            let custom = try await client.hubSpot("GET", "/crm/v3/properties/contacts/leadbridge_score")
            #expect(custom.object["label"] as? String == "LeadBridge Score")
            #expect(custom.object["type"] as? String == "number")
            #expect(custom.object["hubspotDefined"] as? Bool == false)
            #expect((custom.object["modificationMetadata"] as? [String: Any])?["readOnlyValue"] as? Bool == false)

            // Empty until written: a read that asks for it answers null
            let before = try await client.hubSpot("GET", "/crm/v3/objects/contacts/4?properties=leadbridge_score")
            #expect((before.object["properties"] as? [String: Any])?["leadbridge_score"] is NSNull)
            let update = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/update", json: [
                "inputs": [["id": "4", "properties": ["leadbridge_score": "61"]]],
            ])
            #expect(update.status == 200)

            // Then batch read, list and search return it when asked
            let read = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/read", json: [
                "inputs": [["id": "4"], ["id": "5"]], "properties": ["leadbridge_score"],
            ])
            let values = (read.object["results"] as? [[String: Any]] ?? []).map {
                ($0["properties"] as? [String: Any])?["leadbridge_score"] as? String
            }
            #expect(values == ["61", nil])
            let list = try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=5&properties=leadbridge_score")
            let listed = (list.object["results"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "4" }
            #expect((listed?["properties"] as? [String: Any])?["leadbridge_score"] as? String == "61")
            let search = try await client.hubSpot("POST", "/crm/v3/objects/contacts/search", json: [
                "filterGroups": [["filters": [["propertyName": "leadbridge_score", "operator": "HAS_PROPERTY"]]]],
                "properties": ["leadbridge_score"],
            ])
            #expect(search.object["total"] as? Int == 1)
            let found = (search.object["results"] as? [[String: Any]])?.first
            #expect((found?["properties"] as? [String: Any])?["leadbridge_score"] as? String == "61")
        }
    }

    @Test("the 10-second budget answers 429 with the rate-limit headers")
    func rateLimit() async throws {
        var config = Self.config
        config.rateLimits.hubSpotRequestsPerTenSeconds = 3
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let replies = try await client.hubSpotAtOnce(4, "GET", "/crm/v3/objects/contacts?limit=1")
            let last = replies.last
            #expect(replies.map(\.status) == [200, 200, 200, 429])
            #expect(last?.header("X-HubSpot-RateLimit-Max") == "3")
            #expect(last?.header("X-HubSpot-RateLimit-Remaining") == "0")
            #expect(last?.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "10000")
            #expect(last?.object["policyName"] as? String == "TEN_SECONDLY_ROLLING")
        }
    }

    @Test("the search endpoints' limit per second answers 429 with the SECONDLY body; other requests go on")
    func searchRateLimit() async throws {
        var config = Self.config
        config.rateLimits.hubSpotSearchRequestsPerSecond = 2
        config.rateLimits.hubSpotSearchWindow = .seconds(600)
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let search: [String: Any] = ["limit": 1]
            var statuses: [Int] = []
            var last: TestClient.Reply?
            for path in ["contacts", "emails", "contacts"] {
                let reply = try await client.hubSpot("POST", "/crm/v3/objects/\(path)/search", json: search)
                statuses.append(reply.status)
                last = reply
            }
            // Contacts and engagements share the account's limit
            #expect(statuses == [200, 200, 429])
            #expect(last?.object["policyName"] as? String == "SECONDLY")
            #expect(last?.object["errorType"] as? String == "RATE_LIMIT")
            #expect(try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=1").status == 200)
        }
    }

    @Test("properties and engagement objects")
    func propertiesAndEngagements() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let properties = try await client.hubSpot("GET", "/crm/v3/properties/contacts")
            let names = (properties.object["results"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("lifecyclestage") && names.contains("lastmodifieddate"))
            var total = 0
            for kind in ["emails", "meetings", "notes"] {
                var after: String?
                repeat {
                    let reply = try await client.hubSpot("GET", "/crm/v3/objects/\(kind)?limit=100"
                        + "&associations=contacts"
                        + (after.map { "&after=\($0)" } ?? ""))
                    #expect(reply.status == 200)
                    let results = reply.object["results"] as? [[String: Any]] ?? []
                    total += results.count
                    #expect(results.allSatisfy { $0["associations"] != nil })
                    after = ((reply.object["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"]
                        as? String
                } while after != nil
            }
            #expect(total == 250 * 6)
        }
    }
}

import Foundation
import LeadBridgeSandbox
import Testing

@Suite("HubSpot engagements, associations and archived contacts over loopback")
struct HubSpotEngagementTests {
    static let config = SandboxConfiguration(seed: 11, contacts: 120, activitiesPerContact: 5)

    static func next(_ reply: TestClient.Reply) -> String? {
        ((reply.object["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String
    }

    static func results(_ reply: TestClient.Reply) -> [[String: Any]] {
        reply.object["results"] as? [[String: Any]] ?? []
    }

    @Test("engagement search filters and sorts on hs_lastmodifieddate, pages, and carries no associations")
    func searchEngagements() async throws {
        // (six pages of search in a row: the search limit per second is not what this test is about)
        var config = Self.config
        config.rateLimits.hubSpotSearchRequestsPerSecond = nil
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            // Given every note, as listed
            var listed: [String: String] = [:]
            var after: String?
            repeat {
                let reply = try await client.hubSpot("GET", "/crm/v3/objects/notes?limit=100&associations=contacts"
                    + (after.map { "&after=\($0)" } ?? ""))
                for result in Self.results(reply) {
                    listed[result["id"] as? String ?? ""] = (result["properties"] as? [String: Any])?[
                        "hs_lastmodifieddate"] as? String
                }
                after = Self.next(reply)
            } while after != nil
            // When searching those modified since a date, 25 a page
            let since = "2026-08-01T00:00:00.000Z"
            var seen: [(id: String, modified: String)] = []
            var total = -1
            after = nil
            repeat {
                var body: [String: Any] = [
                    "filterGroups": [["filters": [["propertyName": "hs_lastmodifieddate", "operator": "GTE",
                                                   "value": since]]]],
                    "sorts": [["propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"]],
                    "properties": ["hs_note_body", "hs_email_subject", "hs_lastmodifieddate"], "limit": 25,
                ]
                if let after { body["after"] = after }
                let reply = try await client.hubSpot("POST", "/crm/v3/objects/notes/search", json: body)
                #expect(reply.status == 200)
                total = reply.object["total"] as? Int ?? -1
                for result in Self.results(reply) {
                    #expect(result["associations"] == nil)
                    let properties = result["properties"] as? [String: Any] ?? [:]
                    #expect(properties["hs_note_body"] is String)
                    #expect(properties.keys.contains("hs_email_subject") == false, "emails' property is ignored")
                    seen.append((result["id"] as? String ?? "", properties["hs_lastmodifieddate"] as? String ?? ""))
                }
                after = Self.next(reply)
            } while after != nil
            // Then exactly the later notes come back, once each, in order
            let expected = listed.filter { $0.value >= since }
            #expect(total == expected.count && total > 25)
            #expect(Set(seen.map(\.id)) == Set(expected.keys))
            #expect(seen.count == total)
            #expect(seen.map(\.modified) == seen.map(\.modified).sorted())
        }
    }

    @Test("engagement search refuses limit over 200 and paging past 10,000 results")
    func searchLimits() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let overLimit = try await client.hubSpot("POST", "/crm/v3/objects/emails/search", json: ["limit": 201])
            #expect(overLimit.status == 400)
            let beyondCap = try await client.hubSpot("POST", "/crm/v3/objects/notes/search",
                                                     json: ["limit": 100, "after": "10000"])
            #expect(beyondCap.status == 400)
            #expect(beyondCap.object["category"] as? String == "VALIDATION_ERROR")
        }
    }

    @Test("v4 batch association read: each engagement's contact; 207 for ids without one; at most 1,000 ids")
    func associations() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let page = try await client.hubSpot("GET", "/crm/v3/objects/emails?limit=50&associations=contacts")
            var expected: [String: String] = [:]
            for result in Self.results(page) {
                let contacts = ((result["associations"] as? [String: Any])?["contacts"] as? [String: Any])?[
                    "results"] as? [[String: Any]]
                expected[result["id"] as? String ?? ""] = contacts?.first?["id"] as? String
            }
            #expect(expected.count == 50)
            // When reading the associations of those 50 and of an id that does not exist
            let inputs = (Array(expected.keys) + ["999999999"]).map { ["id": $0] }
            let reply = try await client.hubSpot("POST", "/crm/v4/associations/emails/contacts/batch/read",
                                                 json: ["inputs": inputs])
            // Then each known email names its contact, with the email-to-contact association type
            #expect(reply.status == 207)
            var found: [String: String] = [:]
            for result in Self.results(reply) {
                let from = (result["from"] as? [String: Any])?["id"] as? String ?? ""
                let to = (result["to"] as? [[String: Any]])?.first
                found[from] = (to?["toObjectId"] as? Int).map(String.init)
                let type = (to?["associationTypes"] as? [[String: Any]])?.first
                #expect(type?["typeId"] as? Int == 198)
                #expect(type?["category"] as? String == "HUBSPOT_DEFINED")
            }
            #expect(found == expected)
            let errors = reply.object["errors"] as? [[String: Any]] ?? []
            #expect(errors.first?["category"] as? String == "NO_ASSOCIATIONS_FOUND")
            let tooMany = try await client.hubSpot("POST", "/crm/v4/associations/meetings/contacts/batch/read",
                                                   json: ["inputs": (1...1_001).map { ["id": String($0)] }])
            #expect(tooMany.status == 400)
        }
    }

    @Test("a rep's new and edited engagements get a new hs_lastmodifieddate, so an incremental search finds them")
    func createdAndEdited() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let first = Self.results(try await client.hubSpot("GET", "/crm/v3/objects/notes?limit=1")).first
            let noteID = try #require(first?["id"] as? String)
            // Given a meeting logged on contact 12 and an edited note
            let created = try await client.send("POST", "/__sandbox/create", json: [
                "vendor": "hubspot", "object": "meetings", "contact": "12",
                "fields": ["hs_activity_type": "Demo", "hs_meeting_outcome": "COMPLETED", "hs_meeting_title": "Demo"],
            ])
            #expect(created.status == 200)
            let meetingID = try #require(created.object["id"] as? String)
            let stamp = try #require(created.object["createdAt"] as? String)
            let edit = try await client.send("POST", "/__sandbox/edit", json: [
                "vendor": "hubspot", "object": "notes", "id": noteID, "fields": ["hs_note_body": "Called back"],
            ])
            #expect(edit.status == 200)
            // When searching each object from the creation stamp
            func search(_ object: String) async throws -> [[String: Any]] {
                Self.results(try await client.hubSpot("POST", "/crm/v3/objects/\(object)/search", json: [
                    "filterGroups": [["filters": [["propertyName": "hs_lastmodifieddate", "operator": "GTE",
                                                   "value": stamp]]]],
                    "sorts": [["propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"]],
                    "properties": ["hs_note_body", "hs_meeting_title", "hs_timestamp"],
                ]))
            }
            // Then each finds exactly the one changed, with its properties and association
            let meetings = try await search("meetings")
            #expect(meetings.map { $0["id"] as? String } == [meetingID])
            #expect((meetings.first?["properties"] as? [String: Any])?["hs_timestamp"] as? String == stamp)
            let notes = try await search("notes")
            #expect(notes.map { $0["id"] as? String } == [noteID])
            #expect((notes.first?["properties"] as? [String: Any])?["hs_note_body"] as? String == "Called back")
            let associations = try await client.hubSpot(
                "POST", "/crm/v4/associations/meetings/contacts/batch/read", json: ["inputs": [["id": meetingID]]])
            let to = (Self.results(associations).first?["to"] as? [[String: Any]])?.first
            #expect(to?["toObjectId"] as? Int == 12)
        }
    }

    @Test("an archived contact leaves reads, lists and search, and is listed by archived=true with archivedAt")
    func archivedContacts() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            // Given contacts 5 and 77 deleted by a rep
            var stamps: [String] = []
            for id in ["5", "77"] {
                let archive = try await client.send("POST", "/__sandbox/archive", json: [
                    "vendor": "hubspot", "object": "contacts", "id": id,
                ])
                #expect(archive.status == 200)
                stamps.append(archive.object["archivedAt"] as? String ?? "")
            }
            // Then they are gone from reads, the listing and search
            #expect(try await client.hubSpot("GET", "/crm/v3/objects/contacts/5").status == 404)
            var live: [String] = []
            var after: String?
            repeat {
                let reply = try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=100"
                    + (after.map { "&after=\($0)" } ?? ""))
                live += Self.results(reply).compactMap { $0["id"] as? String }
                after = Self.next(reply)
            } while after != nil
            #expect(live.count == 118 && !live.contains("5") && !live.contains("77"))
            let search = try await client.hubSpot("POST", "/crm/v3/objects/contacts/search", json: ["limit": 1])
            #expect(search.object["total"] as? Int == 118)
            // And the recycle bin lists exactly them, one a page, with archivedAt
            var binned: [(String, String)] = []
            after = nil
            repeat {
                let reply = try await client.hubSpot("GET", "/crm/v3/objects/contacts?archived=true&limit=1"
                    + (after.map { "&after=\($0)" } ?? ""))
                #expect(reply.status == 200)
                for result in Self.results(reply) {
                    #expect(result["archived"] as? Bool == true)
                    binned.append((result["id"] as? String ?? "", result["archivedAt"] as? String ?? ""))
                }
                after = Self.next(reply)
            } while after != nil
            #expect(binned.map(\.0) == ["5", "77"])
            #expect(binned.map(\.1) == stamps)
            let unsupported = try await client.send("POST", "/__sandbox/archive", json: [
                "vendor": "salesforce", "object": "Lead", "id": "00Q000000000001AAA",
            ])
            #expect(unsupported.status == 400)
        }
    }
}

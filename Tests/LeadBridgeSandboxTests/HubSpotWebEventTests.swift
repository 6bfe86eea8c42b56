import Foundation
import LeadBridgeSandbox
import Testing

@Suite("HubSpot events API (web analytics events) over loopback")
struct HubSpotWebEventTests {
    static let config = SandboxConfiguration(seed: 17, contacts: 150, activitiesPerContact: 8)

    static func next(_ reply: TestClient.Reply) -> String? {
        ((reply.object["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String
    }

    static func results(_ reply: TestClient.Reply) -> [[String: Any]] {
        reply.object["results"] as? [[String: Any]] ?? []
    }

    /// Every event of a query, following `paging.next.after`.
    static func all(_ client: TestClient, _ query: String) async throws -> (events: [[String: Any]], pages: Int) {
        var events: [[String: Any]] = []
        var pages = 0
        var after: String?
        repeat {
            let reply = try await client.hubSpot("GET", "/events/v3/events?" + query
                + (after.map { "&after=\($0)" } ?? ""))
            #expect(reply.status == 200, "\(reply.text)")
            events += Self.results(reply)
            pages += 1
            after = Self.next(reply)
        } while after != nil
        return (events, pages)
    }

    @Test("every contact's events of a type, oldest first, paged by after; objectId narrows to one contact")
    func listsAndPages() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            // When listing page views 50 at a time, ascending
            let (views, pages) = try await Self.all(
                client, "objectType=contact&eventType=e_visited_page&sort=ASCENDING&limit=50")
            // Then each is a contact's page view with its URL, the times never go back, and ids are unique
            #expect(views.count > 100)
            #expect(pages == (views.count + 49) / 50)
            #expect(Set(views.compactMap { $0["id"] as? String }).count == views.count)
            #expect(views.allSatisfy { $0["eventType"] as? String == "e_visited_page" })
            #expect(views.allSatisfy { $0["objectType"] as? String == "CONTACT" })
            #expect(views.allSatisfy { ($0["id"] as? String)?.hasPrefix("leviathan-") == true })
            let urls = views.compactMap { ($0["properties"] as? [String: Any])?["hs_url"] as? String }
            #expect(urls.count == views.count && urls.allSatisfy { $0.hasPrefix("https://") })
            let times = views.compactMap { $0["occurredAt"] as? String }
            #expect(times == times.sorted())
            // And descending returns the same events in the opposite order
            let (descending, _) = try await Self.all(
                client, "objectType=contact&eventType=e_visited_page&sort=DESCENDING&limit=200")
            let ids = views.compactMap { $0["id"] as? String }
            #expect(descending.compactMap { $0["id"] as? String } == ids.reversed())
            // And objectId lists one contact's events of every type
            let contact = try #require(views.first?["objectId"] as? String)
            let (own, _) = try await Self.all(client, "objectType=contact&objectId=\(contact)&limit=100")
            #expect(!own.isEmpty && own.allSatisfy { $0["objectId"] as? String == contact })
            #expect(Set(own.compactMap { $0["eventType"] as? String }).isSubset(of: ["e_visited_page",
                                                                                  "e_submitted_form"]))
            // And form submissions carry the form's id and the page the form was on
            let (forms, _) = try await Self.all(client, "objectType=contact&eventType=e_submitted_form&limit=200")
            #expect(!forms.isEmpty)
            #expect(forms.allSatisfy {
                let properties = $0["properties"] as? [String: Any] ?? [:]
                return (properties["hs_form_id"] as? String)?.count == 36 && properties["hs_url"] is String
            })
        }
    }

    @Test("occurredAfter and occurredBefore are exclusive bounds; a created event appears after the cursor")
    func timeWindowAndCreated() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let (views, _) = try await Self.all(client, "objectType=contact&eventType=e_visited_page&limit=1000")
            let middle = try #require(views[views.count / 2]["occurredAt"] as? String)
            let (later, _) = try await Self.all(
                client, "objectType=contact&eventType=e_visited_page&limit=1000&occurredAfter=\(middle)")
            let (earlier, _) = try await Self.all(
                client, "objectType=contact&eventType=e_visited_page&limit=1000&occurredBefore=\(middle)")
            let atMiddle = views.filter { $0["occurredAt"] as? String == middle }.count
            #expect(later.count + earlier.count + atMiddle == views.count)
            #expect(later.allSatisfy { ($0["occurredAt"] as? String ?? "") > middle })
            // When a page view is recorded on contact 5
            let created = try await client.send("POST", "/__sandbox/create", json: [
                "vendor": "hubspot", "object": "events", "contact": "5", "eventType": "e_visited_page",
                "properties": ["hs_url": "https://www.example-saas.com/pricing", "hs_title": "Pricing"],
            ])
            #expect(created.status == 200, "\(created.text)")
            let id = try #require(created.object["id"] as? String)
            let last = try #require(views.last?["occurredAt"] as? String)
            // Then it is the one event after the last seed event, on contact 5
            let (new, _) = try await Self.all(
                client, "objectType=contact&eventType=e_visited_page&occurredAfter=\(last)")
            #expect(new.compactMap { $0["id"] as? String } == [id])
            #expect(new.first?["objectId"] as? String == "5")
            #expect((new.first?["properties"] as? [String: Any])?["hs_url"] as? String
                == "https://www.example-saas.com/pricing")
            // And the event-types endpoint names both types
            let types = try await client.hubSpot("GET", "/events/v3/events/event-types")
            #expect(types.status == 200)
            let names = types.object["eventTypes"] as? [String] ?? []
            #expect(names.contains("e_visited_page") && names.contains("e_submitted_form"))
        }
    }

    @Test("a bad parameter is a 400 VALIDATION_ERROR naming it", arguments: [
        ("objectType=contact&sort=SIDEWAYS", "sort"),
        ("objectType=contact&limit=0", "limit"),
        ("objectType=contact&occurredAfter=yesterday", "occurredAfter"),
        ("objectId=12", "objectType"),
        ("objectType=contact&after=not-a-cursor", "after"),
        ("objectType=contact&eventType=e_no_such_event", "e_no_such_event"),
        ("objectType=spaceships", "spaceships"),
    ])
    func badParameters(query: String, named: String) async throws {
        try await withSandbox(SandboxConfiguration(contacts: 10, activitiesPerContact: 2)) { sandbox in
            let reply = try await TestClient(sandbox).hubSpot("GET", "/events/v3/events?" + query)
            #expect(reply.status == 400)
            #expect(reply.object["category"] as? String == "VALIDATION_ERROR")
            #expect(reply.object["status"] as? String == "error")
            #expect((reply.object["message"] as? String)?.contains(named) == true, "\(reply.text)")
            #expect(reply.object["correlationId"] is String)
        }
    }

    @Test("the rolling ten-second limit answers 429 with HubSpot's RATE_LIMIT body, as the other endpoints do")
    func rateLimited() async throws {
        var config = SandboxConfiguration(contacts: 20, activitiesPerContact: 4)
        config.rateLimits.hubSpotRequestsPerTenSeconds = 3
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let replies = try await client.hubSpotAtOnce(4, "GET", "/events/v3/events?objectType=contact&limit=5")
            #expect(replies.prefix(3).allSatisfy { $0.status == 200 })
            let limited = try #require(replies.last)
            #expect(limited.status == 429)
            #expect(limited.object["errorType"] as? String == "RATE_LIMIT")
            #expect(limited.object["policyName"] as? String == "TEN_SECONDLY_ROLLING")
            #expect(limited.header("X-HubSpot-RateLimit-Remaining") == "0")
        }
    }
}

import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Pull: HubSpot web events (page views, form submissions) against the sandbox")
struct PullHubSpotWebEventTests {
    init() { PullFixtures.avoidProxies() }

    static let webEvents = HubSpotSource.defaultWebEvents

    /// Contacts and the two web-event streams, no engagements.
    static func source(_ sandbox: RunningSandbox, transport: any HTTPTransport = PullFixtures.transport)
        -> HubSpotSource
    {
        PullFixtures.hubSpot(sandbox, transport: transport, engagementObjects: [], webEvents: webEvents)
    }

    /// Each stored web event (`leviathan-…` ids) → its type, URL and the HubSpot contact id it is stored on.
    static func storedEvents(_ store: LeadStore) throws -> [String: (type: String, url: String?, contact: String)] {
        try store.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.external_id, a.type, a.url, l.external_id AS contact FROM activities a
                JOIN source_links l ON l.contact_id = a.contact_id AND l.system = 'hubspot' AND l.object = 'contacts'
                WHERE a.system = 'hubspot' AND a.external_id LIKE 'leviathan-%'
                """)
            var events: [String: (type: String, url: String?, contact: String)] = [:]
            for row in rows { events[row[0]] = (row[1], row[2], row[3]) }
            return events
        }
    }

    static func stream(_ report: PullReport, _ name: String) throws -> PullReport.StreamReport {
        try #require(report.streams.first { $0.stream == name })
    }

    @Test("a first pull stores every page view and form submission once, on its contact, as page_view and form_fill")
    func fullPullStoresEveryEventOnce() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 8)) { sandbox in
            // Given the portal's events as the events API lists them (newest first, another page size)
            let store = try PullFixtures.temporaryStore()
            let views = try await PullFixtures.webEvents(sandbox, eventType: "e_visited_page")
            let forms = try await PullFixtures.webEvents(sandbox, eventType: "e_submitted_form")
            #expect(views.count > 150 && forms.count > 20)
            // When pulling with the shipped mapping
            let report = try await PullFixtures.puller(store).run(
                source: Self.source(sandbox), connection: "hubspot", mapping: try PullFixtures.mapping("hubspot"))
            // Then each stream read each of its events once and stored it, none skipped or rejected
            let viewStream = try Self.stream(report, "e_visited_page")
            let formStream = try Self.stream(report, "e_submitted_form")
            #expect(viewStream.read == views.count && viewStream.created == views.count)
            #expect(formStream.read == forms.count && formStream.created == forms.count)
            #expect(report.rejected == 0 && viewStream.skipped == 0 && formStream.skipped == 0)
            // And each is stored once, on the contact the API names, typed for the scoring model, with its URL
            let stored = try Self.storedEvents(store)
            #expect(stored.count == views.count + forms.count)
            for event in views {
                #expect(stored[event.id]?.type == "page_view" && stored[event.id]?.contact == event.contact)
                #expect(stored[event.id]?.url == event.url && event.url != nil)
            }
            for event in forms {
                #expect(stored[event.id]?.type == "form_fill" && stored[event.id]?.contact == event.contact)
            }
            // And a form submission keeps its form's id as the asset
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM activities WHERE type = 'form_fill' AND length(asset) = 36
                """) == forms.count)
            // And the events endpoint was called once a page: 100 events a page
            #expect(viewStream.pages == (views.count + 99) / 100 && formStream.pages == (forms.count + 99) / 100)
            #expect(report.apiCalls[HubSpotSource.eventsEndpoint] == viewStream.pages + formStream.pages)
        }
    }

    @Test("an incremental pull fetches only the events since the cursor's lookback window and stores the new ones")
    func incrementalFetchesOnlyNewEvents() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 8)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("hubspot")
            _ = try await PullFixtures.puller(store).run(source: Self.source(sandbox), connection: "hubspot",
                                                         mapping: mapping)
            let cursors = try Self.webEvents.map { try #require(try store.streamCursor(connection: "hubspot",
                                                                                      stream: $0)) }
            // Given two page views and a form submission recorded since
            let pricing = try await PullFixtures.createWebEvent(
                sandbox, contact: "12", eventType: "e_visited_page",
                properties: ["hs_url": "https://www.example-saas.com/pricing", "hs_title": "Pricing"])
            let docs = try await PullFixtures.createWebEvent(
                sandbox, contact: "12", eventType: "e_visited_page",
                properties: ["hs_url": "https://www.example-saas.com/docs/api"])
            let form = try await PullFixtures.createWebEvent(
                sandbox, contact: "30", eventType: "e_submitted_form",
                properties: ["hs_url": "https://www.example-saas.com/demo", "hs_form_id": "demo-form"])
            // When pulling again
            let report = try await PullFixtures.puller(store).run(
                source: Self.source(sandbox), connection: "hubspot", mapping: mapping)
            // Then each stream makes one call and reads only the new events and the ones in its lookback window
            for (name, cursor) in zip(Self.webEvents, cursors) {
                let all = try await PullFixtures.webEvents(sandbox, eventType: name)
                let since = cursor.time - 5 * 60_000
                let window = all.filter { (WireTimeParse.milliseconds($0.occurredAt) ?? 0) >= since }
                let stream = try Self.stream(report, name)
                #expect(stream.pages == 1)
                #expect(stream.read == window.count)
                #expect(stream.created == (name == "e_visited_page" ? 2 : 1) && stream.updated == 0)
            }
            #expect(report.apiCalls[HubSpotSource.eventsEndpoint] == 2)
            let stored = try Self.storedEvents(store)
            #expect(stored[pricing]?.type == "page_view" && stored[pricing]?.contact == "12")
            #expect(stored[pricing]?.url == "https://www.example-saas.com/pricing")
            #expect(stored[docs]?.contact == "12")
            #expect(stored[form]?.type == "form_fill" && stored[form]?.contact == "30")
        }
    }

    @Test("an event type the mapping skips costs no call")
    func skippedTypeMakesNoCall() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 100, activitiesPerContact: 6)) { sandbox in
            // Given a mapping that keeps page views only
            let mapping = try FieldMapping.parse("""
                object: contacts
                key: id
                modified: { from: properties.lastmodifieddate, transform: [date] }
                fields:
                  email: { from: properties.email, transform: [trim, lowercase, email], required: true }
                activities:
                  object: events
                  key: id
                  contact: { from: objectId, object: contacts }
                  type: { from: eventType, map: { e_visited_page: page_view }, default: skip }
                  occurred_at: { from: occurredAt, transform: [date] }
                  url: properties.hs_url
                """, path: "views-only.yml")
            let store = try PullFixtures.temporaryStore()
            let report = try await PullFixtures.puller(store).run(source: Self.source(sandbox), connection: "hubspot",
                                                                  mapping: mapping)
            // Then the form-submission stream asked nothing, and the page views were all read
            let views = try await PullFixtures.webEvents(sandbox, eventType: "e_visited_page")
            #expect(try Self.stream(report, "e_submitted_form").read == 0)
            #expect(try Self.stream(report, "e_visited_page").created == views.count)
            #expect(report.apiCalls[HubSpotSource.eventsEndpoint] == (views.count + 99) / 100)
        }
    }

    @Test("a pull with nothing new makes one call per stream, stores nothing and leaves the cursors")
    func noChangePullMinimalCalls() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 6)) { sandbox in
            // Given a connection with the default streams (emails, meetings, page views, form submissions)
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("hubspot")
            func source() -> HubSpotSource {
                PullFixtures.hubSpot(sandbox, engagementObjects: HubSpotSource.defaultEngagementObjects,
                                     webEvents: Self.webEvents)
            }
            _ = try await PullFixtures.puller(store).run(source: source(), connection: "hubspot", mapping: mapping)
            let before = try PullFixtures.contentDump(store)
            let cursors = try Self.webEvents.map { try store.streamCursor(connection: "hubspot", stream: $0) }
            // When pulling again with nothing changed remotely
            let second = try await PullFixtures.puller(store).run(source: source(), connection: "hubspot",
                                                                  mapping: mapping)
            // Then every stream reads only its lookback window, one call each (plus one association read per
            // engagement object), and nothing changes
            var expected = [HubSpotSource.searchEndpoint: 1, HubSpotSource.archivedEndpoint: 1,
                            HubSpotSource.eventsEndpoint: 2]
            for object in HubSpotSource.defaultEngagementObjects {
                expected[HubSpotSource.searchEndpoint(object)] = 1
                expected[HubSpotSource.associationsEndpoint(object)] = 1
            }
            #expect(second.apiCalls == expected)
            #expect(second.totalAPICalls == 8)
            #expect(second.streams.allSatisfy { $0.created == 0 && $0.updated == 0 && $0.rejected == 0 })
            #expect(try PullFixtures.contentDump(store) == before)
            #expect(try Self.webEvents.map { try store.streamCursor(connection: "hubspot", stream: $0) } == cursors)
        }
    }

    @Test("a 429 burst, 503s, a cut body and a dropped connection on the events endpoint end in the clean store")
    func faultsEndWithTheCleanStore() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 250, activitiesPerContact: 8)) { sandbox in
            let mapping = try PullFixtures.mapping("hubspot")
            let clean = try PullFixtures.temporaryStore()
            let cleanReport = try await PullFixtures.puller(clean).run(
                source: Self.source(sandbox), connection: "hubspot", mapping: mapping)
            // Given faults on the next requests to the events endpoint
            let path = "/events/v3/events"
            for fault in [
                SandboxFault(kind: .rateLimit, count: 2, vendor: .hubspot, pathContains: path),
                SandboxFault(kind: .status, count: 2, vendor: .hubspot, pathContains: path, status: 503),
                SandboxFault(kind: .truncate, count: 1, vendor: .hubspot, pathContains: path),
                SandboxFault(kind: .drop, count: 1, vendor: .hubspot, pathContains: path),
            ] {
                await sandbox.injectFault(fault)
            }
            // When pulling into an empty store through them
            let faulted = try PullFixtures.temporaryStore()
            let report = try await PullFixtures.puller(faulted).run(
                source: Self.source(sandbox), connection: "hubspot", mapping: mapping)
            // Then the retried calls are the only difference: the same content, nothing rejected
            #expect(report.rejected == 0)
            #expect(report.apiCalls[HubSpotSource.eventsEndpoint]
                == cleanReport.apiCalls[HubSpotSource.eventsEndpoint].map { $0 + 6 })
            #expect(try PullFixtures.contentDump(faulted) == PullFixtures.contentDump(clean))
            #expect(try Self.storedEvents(faulted).count == Self.storedEvents(clean).count)
        }
    }

    @Test("a pull killed in the middle of the page views resumes from its cursor and ends in the clean store")
    func killAndResume() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 10)) { sandbox in
            let mapping = try PullFixtures.mapping("hubspot")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(source: Self.source(sandbox), connection: "hubspot",
                                                         mapping: mapping)
            // Given a pull that dies after the third page of a stream (contacts are two pages and the recycle bin
            // one, so it dies inside the page views)
            let store = try PullFixtures.temporaryStore()
            await #expect(throws: CrashingSource<HubSpotSource>.Crash.self) {
                _ = try await PullFixtures.puller(store).run(
                    source: CrashingSource(base: Self.source(sandbox), pages: 3), connection: "hubspot",
                    mapping: mapping)
            }
            let stored = try Self.storedEvents(store)
            #expect(stored.count == 300, "three pages of 100 page views were committed")
            let cursor = try #require(try store.streamCursor(connection: "hubspot", stream: "e_visited_page"))
            // When pulling again
            let resumed = try await PullFixtures.puller(store).run(
                source: Self.source(sandbox), connection: "hubspot", mapping: mapping)
            // Then it starts at the cursor (less the lookback), not at the beginning, and the store is the clean one
            let views = try await PullFixtures.webEvents(sandbox, eventType: "e_visited_page")
            let since = cursor.time - 5 * 60_000
            let remaining = views.filter { (WireTimeParse.milliseconds($0.occurredAt) ?? 0) >= since }.count
            #expect(try Self.stream(resumed, "e_visited_page").read == remaining)
            #expect(remaining < views.count - 250)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }

    @Test("a portal that refuses the events API (403) fails the stream with what to do; earlier streams stay stored")
    func refusedEventsSayWhatToDo() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 50, activitiesPerContact: 4)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            await sandbox.injectFault(SandboxFault(kind: .status, count: 1, vendor: .hubspot,
                                                   pathContains: "/events/v3/events", status: 403))
            let error = await #expect(throws: APIError.self) {
                _ = try await PullFixtures.puller(store).run(
                    source: Self.source(sandbox), connection: "hubspot",
                    mapping: try PullFixtures.mapping("hubspot"))
            }
            #expect(error?.code == .permission && error?.status == 403)
            #expect(error?.endpoint == HubSpotSource.eventsEndpoint)
            #expect(error?.message.contains("set `web_events: none`") == true, "\(String(describing: error))")
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 50)
        }
    }

    @Test("page views and form submissions score in the shipped model: explain shows the pricing-page rule")
    func pageViewsScore() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 8)) { sandbox in
            // Given a pull of contacts and their web events only
            let store = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(store).run(
                source: Self.source(sandbox), connection: "hubspot", mapping: try PullFixtures.mapping("hubspot"))
            let row = try #require(try store.read { db in
                try Row.fetchOne(db, sql: """
                    SELECT c.email, MAX(a.occurred_at) FROM activities a JOIN contacts c ON c.id = a.contact_id
                    WHERE a.system = 'hubspot' AND a.type = 'page_view' AND a.url LIKE '%/pricing%'
                    GROUP BY c.id ORDER BY 2 DESC LIMIT 1
                    """)
            })
            let email: String = row[0]
            let latest: Int64 = row[1]
            // When the shipped model explains that contact's score a day after its latest pricing-page view
            let model = try ScoringModel.load(
                path: PullFixtures.repositoryRoot.appendingPathComponent("config/scoring.yml").path)
            let explanation = try #require(try store.explain(contact: email, model: model, asOf: latest + 86_400))
            // Then the pricing-page rule fired on the HubSpot page views, and they count in engagement
            let rule = try #require(explanation.engagementRules.first { $0.id == "pricing-page" })
            #expect(rule.matched >= 1 && rule.points > 0)
            #expect(rule.activities.allSatisfy { $0.url?.contains("/pricing") == true })
            #expect(explanation.engagement >= rule.points)
            // And a contact with a form submission gets the form-fill rule
            let former: String = try #require(try store.read { db in
                try String.fetchOne(db, sql: """
                    SELECT c.email FROM activities a JOIN contacts c ON c.id = a.contact_id
                    WHERE a.system = 'hubspot' AND a.type = 'form_fill' LIMIT 1
                    """)
            })
            let formScore = try #require(try store.explain(contact: former, model: model, asOf: latest + 86_400))
            #expect(formScore.engagementRules.contains { $0.id == "form-fill" && $0.matched >= 1 && $0.points > 0 })
        }
    }
}

/// ISO 8601 text to UTC milliseconds, for comparing the API's `occurredAt` with stored cursors: Foundation's parser,
/// independent of the connector's own (`WireTime`), so that the expected events are not worked out by the code under
/// test.
enum WireTimeParse {
    static func milliseconds(_ text: String) -> Int64? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text) else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}


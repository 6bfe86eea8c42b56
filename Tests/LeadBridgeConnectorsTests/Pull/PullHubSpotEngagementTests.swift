import Foundation
import GRDB
import Synchronization
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Pull: HubSpot engagements and archived contacts against the sandbox")
struct PullHubSpotEngagementTests {
    init() { PullFixtures.avoidProxies() }

    static let engagementObjects = ["emails", "meetings", "notes"]
    /// The activity types `config/scoring.yml` has rules for.
    static let scoredTypes: Set<String> = ["page_view", "form_fill", "email_open", "email_click", "webinar_registered",
                                           "webinar_attended", "demo_request", "unsubscribe"]

    /// The shipped mapping with every engagement typed `page_view`: nothing is skipped, so every engagement read
    /// must be stored.
    static func storeEverything() throws -> FieldMapping {
        var mapping = try PullFixtures.mapping("hubspot")
        mapping.activities?.type = ValueRule(source: .constant, defaultValue: "page_view", position: "test")
        return mapping
    }

    /// Each stored HubSpot activity's engagement id → the HubSpot contact id it is linked to.
    static func storedLinks(_ store: LeadStore) throws -> [String: String] {
        try store.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.external_id, l.external_id FROM activities a
                JOIN source_links l ON l.contact_id = a.contact_id AND l.system = 'hubspot' AND l.object = 'contacts'
                WHERE a.system = 'hubspot'
                """)
            return Dictionary(rows.map { ($0[0] as String, $0[1] as String) }) { first, _ in first }
        }
    }

    static func strings(_ store: LeadStore, _ sql: String) throws -> [String] {
        try store.read { db in try String.fetchAll(db, sql: sql) }
    }

    static func rows(_ store: LeadStore, _ sql: String, _ arguments: StatementArguments) throws -> [Row] {
        try store.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
    }

    @Test("a first pull reads every engagement once and stores each kept one on the contact it is associated with")
    func firstPull() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 6)) { sandbox in
            // Given an empty store and the engagements as the v3 listing shows them with their contacts
            let store = try PullFixtures.temporaryStore()
            var expected: [String: String] = [:]
            for object in Self.engagementObjects {
                expected.merge(try await PullFixtures.engagementContacts(sandbox, object: object)) { a, _ in a }
            }
            #expect(expected.count == 1_200)
            // When pulling with the shipped mapping
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot",
                mapping: try PullFixtures.mapping("hubspot"))
            // Then every engagement is read once, and kept or skipped by its type, none rejected
            let streams = report.streams.filter { Self.engagementObjects.contains($0.stream) }
            #expect(streams.map(\.stream) == Self.engagementObjects)
            #expect(streams.reduce(0) { $0 + $1.read } == 1_200)
            #expect(streams.allSatisfy { $0.created + $0.skipped == $0.read && $0.rejected == 0 })
            #expect(report.rejected == 0)
            let stored = try Self.storedLinks(store)
            let created = streams.reduce(0) { $0 + $1.created }
            #expect(stored.count == created && created > 50)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == created)
            #expect(stored.allSatisfy { expected[$0.key] == $0.value }, "each on its associated contact")
            // And the types are ones the scoring model scores: replies, demos and webinars
            let types = Set(try Self.strings(store, "SELECT DISTINCT type FROM activities"))
            #expect(types.isSubset(of: Self.scoredTypes))
            #expect(types.isSuperset(of: ["email_click", "demo_request", "webinar_registered"]))
            // And each page cost one search and one association read
            for stream in streams {
                #expect(report.apiCalls[HubSpotSource.searchEndpoint(stream.stream)] == stream.pages)
                #expect(report.apiCalls[HubSpotSource.associationsEndpoint(stream.stream)] == stream.pages)
            }
        }
    }

    @Test("with a mapping that keeps every engagement, each is stored exactly once on its contact")
    func everyEngagementStoredOnce() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 150, activitiesPerContact: 4)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            var expected: [String: String] = [:]
            for object in Self.engagementObjects {
                expected.merge(try await PullFixtures.engagementContacts(sandbox, object: object)) { a, _ in a }
            }
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: try Self.storeEverything())
            #expect(report.rejected == 0)
            #expect(try Self.storedLinks(store) == expected)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == 600)
        }
    }

    @Test("a second pull with no remote change makes one search and one association read a stream, changes nothing")
    func secondPullChangesNothing() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 5)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("hubspot")
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            let before = try PullFixtures.contentDump(store)
            let cursors = try Self.engagementObjects.map { try store.streamCursor(connection: "hubspot", stream: $0) }
            // When pulling again with nothing changed remotely
            let second = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Then each engagement stream re-reads only its lookback window: one search page and its associations
            var expectedCalls = [HubSpotSource.searchEndpoint: 1, HubSpotSource.archivedEndpoint: 1]
            for object in Self.engagementObjects {
                expectedCalls[HubSpotSource.searchEndpoint(object)] = 1
                expectedCalls[HubSpotSource.associationsEndpoint(object)] = 1
            }
            #expect(second.apiCalls == expectedCalls)
            #expect(second.totalAPICalls == 8)
            #expect(second.streams.allSatisfy { $0.created == 0 && $0.updated == 0 && $0.rejected == 0 })
            #expect(second.streams.allSatisfy { $0.deleted == 0 })
            #expect(try PullFixtures.contentDump(store) == before)
            #expect(try Self.engagementObjects.map { try store.streamCursor(connection: "hubspot", stream: $0) }
                == cursors)
        }
    }

    @Test("an edited and an added engagement are fetched and stored by the next pull")
    func editedAndAdded() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 5)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("hubspot")
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Given a registered webinar marked attended, and a demo a rep logs on contact 12
            let registered = try #require(try Self.strings(store, """
                SELECT external_id FROM activities WHERE type = 'webinar_registered' ORDER BY external_id LIMIT 1
                """).first)
            try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "meetings", id: registered,
                                        fields: ["hs_meeting_outcome": "COMPLETED"])
            let demo = try await PullFixtures.createEngagement(sandbox, object: "meetings", contact: "12", fields: [
                "hs_activity_type": "Demo", "hs_meeting_outcome": "SCHEDULED", "hs_meeting_title": "Pricing demo",
            ])
            // When pulling again
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Then the meetings stream updates the one and creates the other, in one page
            let meetings = try #require(report.streams.first { $0.stream == "meetings" })
            #expect(meetings.created == 1)
            #expect(meetings.updated == 1)
            #expect(meetings.pages == 1)
            #expect(report.streams.filter { $0.stream != "meetings" }.allSatisfy { $0.created + $0.updated == 0 })
            let rows = try Self.rows(store, """
                SELECT a.external_id, a.type, a.campaign, l.external_id AS contact FROM activities a
                JOIN source_links l ON l.contact_id = a.contact_id AND l.system = 'hubspot'
                WHERE a.external_id IN (?, ?) ORDER BY a.type
                """, [registered, demo])
            #expect(rows.map { $0["type"] as String } == ["demo_request", "webinar_attended"])
            #expect(rows.first?["contact"] as String? == "12")
            #expect(rows.first?["campaign"] as String? == "Pricing demo")
        }
    }

    @Test("an archived contact becomes a tombstone; later pulls report only what was archived since the cursor")
    func archivedContactTombstone() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 0)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("hubspot")
            // No lookback, so that what each pull reports is exactly what was archived at or after its cursor
            let puller = Puller(store: store, now: { Int64(Date().timeIntervalSince1970) }, lookbackMinutes: 0)
            let first = try await puller.run(source: PullFixtures.hubSpot(sandbox), connection: "hubspot",
                                             mapping: mapping)
            #expect(first.streams.first { $0.stream == HubSpotSource.archivedStream }?.deleted == 0)
            func tombstones() throws -> [String] {
                try Self.strings(store, """
                    SELECT external_id FROM source_links WHERE system = 'hubspot' AND deleted = 1
                    ORDER BY CAST(external_id AS INTEGER)
                    """)
            }
            // Given contact 7 deleted in HubSpot
            let archivedAt = try await PullFixtures.archiveContact(sandbox, id: "7")
            // When pulling
            let second = try await puller.run(source: PullFixtures.hubSpot(sandbox), connection: "hubspot",
                                              mapping: mapping)
            // Then its link is a tombstone, the contact stays, and the stream's cursor is its archive time
            let archived = try #require(second.streams.first { $0.stream == HubSpotSource.archivedStream })
            #expect(archived.deleted == 1)
            #expect(try tombstones() == ["7"])
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 300)
            let cursor = try #require(
                try store.streamCursor(connection: "hubspot", stream: HubSpotSource.archivedStream))
            #expect(cursor.id == "7")
            #expect(UTCTime.iso8601(cursor.time / 1000) == String(archivedAt.prefix(19)) + "Z")
            #expect(second.apiCalls[HubSpotSource.archivedEndpoint] == 1)
            // Given contact 9 deleted next
            _ = try await PullFixtures.archiveContact(sandbox, id: "9")
            let third = try await puller.run(source: PullFixtures.hubSpot(sandbox), connection: "hubspot",
                                             mapping: mapping)
            // Then the next pull reports 9 and the boundary (7, archived exactly at the cursor), and the one after
            // only the boundary: the recycle bin is listed, but older deletions are not reported again
            #expect(third.streams.first { $0.stream == HubSpotSource.archivedStream }?.deleted == 2)
            #expect(try tombstones() == ["7", "9"])
            let fourth = try await puller.run(source: PullFixtures.hubSpot(sandbox), connection: "hubspot",
                                              mapping: mapping)
            #expect(fourth.streams.first { $0.stream == HubSpotSource.archivedStream }?.deleted == 1)
            #expect(try tombstones() == ["7", "9"])
        }
    }

    @Test("past the search cap an engagement search restarts from its last (modified, id) and misses nothing")
    func searchCapRestart() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 250, activitiesPerContact: 8)) { sandbox in
            // Given a search cap of 400 results per query (HubSpot's is 10,000) and every engagement kept
            let store = try PullFixtures.temporaryStore()
            let notes = try await PullFixtures.engagementContacts(sandbox, object: "notes")
            #expect(notes.count > 900)
            let searches = SearchRecorder(base: PullFixtures.transport, path: "/crm/v3/objects/notes/search")
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox, searchCap: 400, transport: searches), connection: "hubspot",
                mapping: try Self.storeEverything())
            // Then no query pages past the cap, the search restarted from later and later times
            let bodies = searches.bodies.withLock { $0 }.compactMap {
                try? JSONSerialization.jsonObject(with: $0) as? [String: Any]
            }
            #expect(bodies.allSatisfy { ($0["after"] as? String).flatMap(Int.init).map { $0 + 200 <= 400 } ?? true })
            let starts = bodies.compactMap { body -> String? in
                let groups = body["filterGroups"] as? [[String: Any]]
                return ((groups?.first?["filters"] as? [[String: Any]])?.first?["value"]) as? String
            }
            #expect(Set(starts).count >= notes.count / 400)
            // And every note is stored once, on its contact, with no record read twice
            let stream = try #require(report.streams.first { $0.stream == "notes" })
            #expect(stream.created == notes.count)
            #expect(stream.read == notes.count)
            let stored = try Self.storedLinks(store)
            #expect(stored.filter { notes[$0.key] != nil } == notes)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == 2_000)
            // ceil(n/200) pages plus at most one short page per restart
            let calls = try #require(report.apiCalls[HubSpotSource.searchEndpoint("notes")])
            let pages = (notes.count + 199) / 200
            #expect(calls >= pages && calls <= pages + notes.count / 400 + 1)
        }
    }

    @Test("an engagement whose contact is not pulled yet is rejected as activity.unknown_contact, like a Task")
    func unknownContact() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 100, activitiesPerContact: 5)) { sandbox in
            // Given a store with no HubSpot contacts, when only the meetings stream is pulled
            let store = try PullFixtures.temporaryStore()
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot",
                mapping: try PullFixtures.mapping("hubspot"), streams: ["meetings"])
            // Then the kept meetings are rejected with the reason, the run is partial, and nothing is stored
            let meetings = try #require(report.streams.first)
            #expect(meetings.rejected > 0 && meetings.rejected == meetings.read - meetings.skipped)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == 0)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM rejects WHERE code = 'activity.unknown_contact' AND connection = 'hubspot'
                """) == meetings.rejected)
            #expect(try store.recentRuns(limit: 1).first?.status == .partial)
        }
    }
}

/// The real transport, keeping the JSON bodies of the requests to one path.
final class SearchRecorder: HTTPTransport, Sendable {
    let base: any HTTPTransport
    let path: String
    let bodies = Mutex<[Data]>([])

    init(base: any HTTPTransport, path: String) {
        self.base = base
        self.path = path
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        if request.url.path.hasSuffix(path), let body = request.body { bodies.withLock { $0.append(body) } }
        return try await base.send(request)
    }
}

import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Synchronization
import Testing

@Suite("Pull: Marketo leads, deleted leads and activities against the sandbox")
struct PullMarketoTests {
    init() { PullFixtures.avoidProxies() }

    static let config = SandboxConfiguration(contacts: 400, activitiesPerContact: 6)

    @Test("a first pull stores every lead and every mapped activity once; a rerun changes nothing")
    func firstAndSecondPull() async throws {
        try await withSandbox(Self.config) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("marketo")
            let source = PullFixtures.marketo(sandbox, batchSize: 100)
            // When pulling everything
            let first = try await PullFixtures.puller(store).run(source: source, connection: "marketo",
                                                                 mapping: mapping)
            // Then every lead is linked once and every activity stored once
            #expect(first.rejected == 0)
            #expect(first.interruption == nil)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links WHERE object = 'Lead'") == 400)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 400)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == 400 * 6)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities WHERE type = 'page_view' "
                + "AND url IS NULL") == 0)
            #expect(try PullFixtures.count(store, "SELECT COUNT(DISTINCT type) FROM activities") >= 6)
            #expect(await source.tokens.fetches == 1)
            #expect(first.apiCalls["GET /rest/v1/activities/types.json"] == 1)
            // Lead reads: one call per page of New Lead activities (100 a page)
            #expect(first.apiCalls["GET /rest/v1/leads.json"] == 4)
            let dump = try PullFixtures.contentDump(store)
            // When pulling again with nothing changed
            let second = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketo(sandbox, batchSize: 100), connection: "marketo", mapping: mapping)
            // Then nothing changes and the calls are the minimum: a token, a paging token per stream, one call
            // per token chain, the types once; no lead read
            #expect(second.streams.allSatisfy { $0.created == 0 && $0.updated == 0 })
            #expect(try PullFixtures.contentDump(store) == dump)
            #expect(second.apiCalls["GET /identity/oauth/token"] == 1)
            #expect(second.apiCalls["GET /rest/v1/activities/pagingtoken.json"] == 3)
            #expect(second.apiCalls["GET /rest/v1/activities/leadchanges.json"] == 1)
            #expect(second.apiCalls["GET /rest/v1/activities/deletedleads.json"] == 1)
            #expect(second.apiCalls["GET /rest/v1/activities.json"] == 2)
            #expect(second.apiCalls["GET /rest/v1/activities/types.json"] == 1)
            // (at most one: leads created in the 5-minute lookback window before the cursor are read again)
            #expect((second.apiCalls["GET /rest/v1/leads.json"] ?? 0) <= 1)
        }
    }

    @Test("an incremental pull after edits and a deletion stores only the changes, and the tombstone")
    func incremental() async throws {
        try await withSandbox(Self.config) { sandbox in
            let store = try PullFixtures.temporaryStore()
            let mapping = try PullFixtures.mapping("marketo")
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketo(sandbox), connection: "marketo", mapping: mapping)
            // Given a rep edits two leads and deletes a third
            try await PullFixtures.edit(sandbox, vendor: "marketo", object: "leads", id: "5",
                                        fields: ["title": "Chief Revenue Officer"])
            try await PullFixtures.edit(sandbox, vendor: "marketo", object: "leads", id: "9",
                                        fields: ["company": "Renamed Inc"])
            try await PullFixtures.deleteMarketoLead(sandbox, id: "11")
            // When pulling incrementally
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketo(sandbox), connection: "marketo", mapping: mapping)
            // Then only the two leads are updated (besides those created in the lookback window, read again
            // unchanged), and the deleted one is a tombstone
            let leads = try #require(report.streams.first { $0.stream == "leads" })
            #expect(leads.updated == 2 && leads.created == 0 && leads.read <= 2 + leads.unchanged)
            #expect(report.streams.first { $0.stream == "deleted_leads" }?.deleted == 1)
            #expect((report.apiCalls["GET /rest/v1/leads.json"] ?? 0) <= 2)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts WHERE title = "
                + "'Chief Revenue Officer' AND company IS NOT NULL") == 1)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM source_links WHERE deleted = 1 "
                + "AND external_id = '11'") == 1)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == 400 * 6)
        }
    }

    @Test("606 bursts, 503s, a truncated body and token expiry mid-paging end with the content of a clean pull",
          arguments: [
              [SandboxFault(kind: .rateLimit, count: 3, vendor: .marketo, pathContains: "activities.json")],
              [SandboxFault(kind: .status, count: 2, vendor: .marketo, pathContains: "leads.json", status: 503)],
              [SandboxFault(kind: .truncate, count: 1, vendor: .marketo, pathContains: "activities.json")],
              [SandboxFault(kind: .tokenExpiry, count: 1, vendor: .marketo, pathContains: "activities.json")],
          ])
    func faults(_ faults: [SandboxFault]) async throws {
        try await withSandbox(Self.config) { sandbox in
            let mapping = try PullFixtures.mapping("marketo")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(
                source: PullFixtures.marketo(sandbox, batchSize: 100), connection: "marketo", mapping: mapping)
            // Given faults on the next matching requests (after the first page of each)
            for fault in faults { await sandbox.injectFault(fault) }
            let store = try PullFixtures.temporaryStore()
            let clock = RecordingClock()
            let source = PullFixtures.marketo(sandbox, batchSize: 100, clock: clock)
            let report = try await PullFixtures.puller(store).run(source: source, connection: "marketo",
                                                                  mapping: mapping)
            // Then the pull completes with the same content
            #expect(report.interruption == nil)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
            if faults.first?.kind == .tokenExpiry { #expect(await source.tokens.fetches == 2) }
            // 606 waits out Marketo's 20-second window
            if faults.first?.kind == .rateLimit { #expect(clock.sleeps.withLock { $0 }.contains { $0 > .seconds(19) }) }
        }
    }

    @Test("607 (daily quota) stops the run cleanly with what was stored; the next run resumes to the clean content")
    func dailyQuota() async throws {
        try await withSandbox(Self.config) { sandbox in
            let mapping = try PullFixtures.mapping("marketo")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(
                source: PullFixtures.marketo(sandbox, batchSize: 100), connection: "marketo", mapping: mapping)
            // Given the daily quota runs out at the first activities.json call (the New Lead pass of `leads`,
            // after the lead changes page was stored)
            let store = try PullFixtures.temporaryStore()
            await sandbox.injectFault(SandboxFault(kind: .dailyQuota, count: 1, vendor: .marketo,
                                                   pathContains: "activities.json"))
            let stopped = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketo(sandbox, batchSize: 100), connection: "marketo", mapping: mapping)
            // Then the run ends partial, not failed
            #expect(stopped.interruption?.reason == .remoteLimit)
            #expect(try store.streamPosition(connection: "marketo", stream: "leads")?.pageToken?
                .hasPrefix("marketo1|1|") == true)
            // When the next run resumes
            let resumed = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketo(sandbox, batchSize: 100), connection: "marketo", mapping: mapping)
            #expect(resumed.interruption == nil)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }

    @Test("a Marketo lead and the Salesforce and HubSpot records of the same person become one contact")
    func crossVendorIdentity() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 2)) { sandbox in
            let store = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.salesforce(sandbox), connection: "salesforce",
                mapping: try PullFixtures.mapping("salesforce"))
            let before = try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts")
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketo(sandbox), connection: "marketo",
                mapping: try PullFixtures.mapping("marketo"))
            // Then every person has one contact, and those in the CRM have a link from each system
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 300)
            #expect(before > 0)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM (SELECT contact_id FROM source_links GROUP BY contact_id
                HAVING COUNT(DISTINCT system) = 2)
                """) == before)
            // And HubSpot's contacts of the same people join them too
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot",
                mapping: try PullFixtures.mapping("hubspot"))
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 300)
            #expect(try PullFixtures.count(store, """
                SELECT COUNT(*) FROM (SELECT contact_id FROM source_links GROUP BY contact_id
                HAVING COUNT(DISTINCT system) = 3)
                """) == before)
        }
    }

    @Test("discover lists lead fields and activity attributes; check signs in and finds the shipped mapping's fields")
    func discoverAndCheck() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 10, activitiesPerContact: 1)) { sandbox in
            let connector = MarketoConnector(source: PullFixtures.marketo(sandbox))
            let objects = try await connector.discover()
            #expect(objects.map(\.name) == ["Lead", "activities"])
            #expect(objects[0].fields.contains { $0.name == "email" } && objects[0].key == "id")
            #expect(objects[1].fields.contains { $0.name == "attributes.Webpage URL" })
            #expect(objects[1].fields.first { $0.name == "activityType" }?.options.contains("Visit Webpage") == true)
            let check = try await connector.check(try PullFixtures.mapping("marketo"))
            #expect(check.unknownFields.isEmpty)
            #expect(check.summary.hasPrefix("authenticated"))
            // A mapping reading a field Marketo does not have is named
            let text = try String(contentsOf: PullFixtures.repositoryRoot.appendingPathComponent(
                "Mappings/marketo.yml"), encoding: .utf8).replacingOccurrences(of: "from: title,", with: "from: jobTitle,")
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("marketo-\(UUID().uuidString).yml")
            try text.write(to: path, atomically: true, encoding: .utf8)
            let wrong = try await connector.unknownFields(try FieldMapping.load(path: path.path))
            #expect(wrong.count == 1 && wrong.first?.description.contains("jobTitle") == true)
        }
    }
}

import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

/// Push to HubSpot over loopback: batches, conflicts, stages, saved plans, undo and the guard, checked in the
/// sandbox's write log and by reading the contacts back.
@Suite("Push: HubSpot")
struct PushHubSpotTests {
    static let batchUpdate = "hubspot POST /crm/v3/objects/contacts/batch/update"

    @Test("the first push writes in ceil(changes / 100) calls; a rep's edit is a conflict left alone; SQL is never demoted; a second push writes nothing")
    func firstAndSecondPush() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 700, activitiesPerContact: 4)) { sandbox in
            let project = try PushProject(sandbox)
            defer { project.remove() }
            try await project.pullAndScore()
            let scoreField = try project.remoteField("hubspot", .leadScore)
            let stages = try project.stages("hubspot")
            // Contacts LeadBridge has at lead or MQL: stages it pushes
            let pushed = stages.filter { $0.value == "mql" || $0.value == "lead" }.keys.sorted()
            try #require(pushed.count >= 2)
            // Given a rep who, between the pull and the push, changes one contact's score and moves another to SQL
            let edited = pushed[0]
            let promoted = pushed[1]
            try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "contacts", id: edited,
                                        fields: [scoreField: "12345"])
            try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "contacts", id: promoted,
                                        fields: ["lifecyclestage": "salesqualifiedlead"])
            let before = try await project.log().calls[Self.batchUpdate] ?? 0

            // When the first push runs
            let (plan, reports) = try await project.job.push(config: project.config, targets: [],
                                                             allowMassChange: true)
            let report = try #require(reports.first)
            let summary = try #require(plan.targets.first)
            let calls = (try await project.log().calls[Self.batchUpdate] ?? 0) - before

            // Then every planned write went out in the fewest batch updates, and landed
            #expect(summary.recordsToWrite > 100)
            #expect(calls == ceilDiv(summary.recordsToWrite, 100))
            #expect(report.batches == calls)
            #expect(report.recordsWritten == summary.recordsToWrite)
            let sample = try #require(plan.records.first { $0.externalID != edited && !$0.writes.isEmpty })
            let written = try await project.hubSpotContact(sample.externalID, [scoreField])
            #expect(written[scoreField] == sample.fields.first { $0.field == scoreField }?.ours)
            // And the rep's score is a conflict, left as the rep set it
            #expect(try await project.hubSpotContact(edited, [scoreField])[scoreField] == "12345")
            let conflicts = try project.store.conflicts(target: "hubspot", resolutions: [.open])
            #expect(conflicts.contains { $0.key.externalID == edited && $0.key.field == scoreField
                && $0.theirs == "12345" })
            #expect(report.conflicts >= 1)
            // And the contact sales moved to SQL keeps its stage
            #expect(try await project.hubSpotContact(promoted, ["lifecyclestage"])["lifecyclestage"]
                == "salesqualifiedlead")
            let promotedStage = plan.records.first { $0.externalID == promoted }?.fields
                .first { $0.field == "lifecyclestage" }
            #expect(promotedStage?.action == .skipped)
            #expect(promotedStage?.reason?.hasPrefix("never_demote") == true)

            // When the push runs again at once
            let again = try await project.job.push(config: project.config, targets: [], allowMassChange: false)
            let callsAgain = (try await project.log().calls[Self.batchUpdate] ?? 0) - before - calls
            // Then it makes no write call, and reads only the conflicting record
            #expect(callsAgain == 0)
            #expect(again.reports.first?.batches == 0)
            #expect((again.plan.targets.first?.read ?? 99) <= 2)
            // And the conflict is the same row, not a new one
            #expect(try project.store.conflicts(target: "hubspot", resolutions: [.open]).count == conflicts.count)
        }
    }

    @Test("a saved plan applied after the remote changed turns those writes into conflicts; undo restores the rest and leaves a rep's change alone")
    func savedPlanAndUndo() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 4)) { sandbox in
            let project = try PushProject(sandbox)
            defer { project.remove() }
            try await project.pullAndScore()
            let scoreField = try project.remoteField("hubspot", .leadScore)
            // Given a saved plan, reloaded from its JSON
            let made = try await project.job.plan(config: project.config, targets: ["hubspot"])
            let plan = try PushPlan.load(try made.json(), path: "plan.json")
            let writes = plan.records.filter { $0.writes.contains { $0.field == scoreField } }
            try #require(writes.count >= 4)
            // And a rep who changes two of its records' scores after the plan was made
            for record in writes.prefix(2) {
                try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "contacts", id: record.externalID,
                                            fields: [scoreField: "4242"])
            }
            // When the plan is applied
            let report = try #require(try await project.job.apply(plan, config: project.config, recheck: true,
                                                                  allowMassChange: true).first)
            // Then those two fields became conflicts and kept the rep's value; the rest was written
            #expect(report.changedSincePlan == 2)
            for record in writes.prefix(2) {
                #expect(try await project.hubSpotContact(record.externalID, [scoreField])[scoreField] == "4242")
            }
            let third = writes[2]
            let planned = try #require(third.fields.first { $0.field == scoreField })
            #expect(try await project.hubSpotContact(third.externalID, [scoreField])[scoreField] == planned.ours)

            // Given a rep who then changes a record the push wrote
            let fourth = writes[3]
            try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "contacts", id: fourth.externalID,
                                        fields: [scoreField: "777"])
            // When the push run is undone
            let undo = try #require(try await project.job.undo(runID: report.runID, config: project.config,
                                                               allowMassChange: true).first)
            // Then the written records have their old values back, and the rep's change stays
            // (an emptied field reads back empty: no value, as the planner reads it)
            let restored = try await project.hubSpotContact(third.externalID, [scoreField])[scoreField]
            #expect((restored?.isEmpty == false ? restored : nil) == planned.theirs)
            #expect(try await project.hubSpotContact(fourth.externalID, [scoreField])[scoreField] == "777")
            #expect(undo.conflicts == 1)
            #expect(undo.recordsWritten >= 1)
        }
    }

    @Test("a plan over the guard's share is refused before any write; --allow-mass-change applies it")
    func guardRefusesMassChange() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 4)) { sandbox in
            let project = try PushProject(sandbox, settings: "    push_max_change_percent: 1\n")
            defer { project.remove() }
            try await project.pullAndScore()
            let scoreField = try project.remoteField("hubspot", .leadScore)
            // Given every contact's score set by someone else (so the push would overwrite them all)
            let ids = try project.stages("hubspot").keys.sorted()
            for id in ids.prefix(20) {
                try await PullFixtures.edit(sandbox, vendor: "hubspot", object: "contacts", id: id,
                                            fields: [scoreField: "1"])
            }
            let pull = PullJob(store: project.store,
                               connectors: ConnectorRegistry.standard(transport: PullFixtures.transport),
                               environment: project.environment)
            try await pull.run(config: project.config, connections: [], full: false)
            let before = try await project.log().calls[Self.batchUpdate] ?? 0
            // When a push runs with a 1% guard
            await #expect(throws: PushGuardError.self) {
                _ = try await project.job.push(config: project.config, targets: [], allowMassChange: false)
            }
            // Then nothing was written
            #expect((try await project.log().calls[Self.batchUpdate] ?? 0) == before)
            // And with --allow-mass-change the same push writes
            let forced = try await project.job.push(config: project.config, targets: [], allowMassChange: true)
            #expect((forced.reports.first?.recordsWritten ?? 0) >= 20)
        }
    }

    @Test("a batch whose answer is lost is journaled unknown; the next push reads its records and sends only what did not land")
    func lostAnswer() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 4)) { sandbox in
            let project = try PushProject(sandbox)
            defer { project.remove() }
            try await project.pullAndScore()
            // Given the sandbox drops the connection of the first batch update after applying it
            await sandbox.injectFault(SandboxFault(kind: .drop, count: 1, vendor: .hubspot, pathContains: "batch/update"))
            let first = try await project.job.push(config: project.config, targets: [], allowMassChange: true)
            let report = try #require(first.reports.first)
            #expect(report.unknownBatches == 1)
            #expect(try project.store.journal(runID: report.runID).contains { $0.status == .unknown })
            // When the push runs again
            let second = try await project.job.push(config: project.config, targets: [], allowMassChange: true)
            // Then the records of the lost batch were read again; they had landed, so nothing is sent twice
            #expect(second.reports.first?.replannedBatches == 1)
            #expect(second.reports.first?.batches == 0)
            let (_, writes) = try await project.log()
            var seen: [String: Int] = [:]
            for write in writes where (write["path"] as? String)?.contains("batch/update") == true {
                let body = try JSONSerialization.jsonObject(with: Data((write["body"] as? String ?? "").utf8))
                for input in (body as? [String: Any])?["inputs"] as? [[String: Any]] ?? [] {
                    seen[input["id"] as? String ?? "", default: 0] += 1
                }
            }
            #expect(!seen.isEmpty)
            #expect(seen.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("a batch HubSpot refuses whole (one invalid option) is split until the bad records are alone; the rest lands")
    func refusedBatchIsSplit() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 400, activitiesPerContact: 4)) { sandbox in
            let shipped = try String(contentsOf: PullFixtures.repositoryRoot.appendingPathComponent(
                "Mappings/hubspot.yml"), encoding: .utf8)
            let head = String(shipped[..<shipped.range(of: "\npush:")!.lowerBound])
            let tail = String(shipped[shipped.range(of: "\nactivities:")!.lowerBound...])
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("split-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let mapping = folder.appendingPathComponent("hubspot.yml").path
            // Given a push whose grade B maps to a value the enumeration does not have
            try (head + """

                push:
                  lead_grade: { to: hs_lead_status, map: { A: OPEN, B: NOT_AN_OPTION, C: NEW, D: NEW } }
                """ + tail).write(toFile: mapping, atomically: true, encoding: .utf8)
            let project = try PushProject(sandbox, mappings: ["hubspot": mapping])
            defer { project.remove() }
            try await project.pullAndScore()
            // When it is pushed
            let (plan, reports) = try await project.job.push(config: project.config, targets: [],
                                                             allowMassChange: true)
            let report = try #require(reports.first)
            let bad = Set(plan.records.filter { $0.writes.contains { $0.ours == "NOT_AN_OPTION" } }.map(\.externalID))
            let good = plan.records.filter { !$0.writes.isEmpty && !bad.contains($0.externalID) }
            try #require(!bad.isEmpty && !good.isEmpty)
            // Then exactly the bad records are rejected, with HubSpot's reason, and every other one is written
            #expect(report.rejected["rejected"] == bad.count)
            #expect(report.recordsWritten == good.count)
            let rejects = try project.store.read { db in
                try Row.fetchAll(db, sql: "SELECT external_id, message FROM rejects WHERE stream = 'push:contacts'")
            }
            #expect(Set(rejects.map { $0[0] as String }) == bad)
            #expect(rejects.allSatisfy { ($0[1] as String).contains("INVALID_OPTION") })
            let sample = try #require(good.first)
            #expect(try await project.hubSpotContact(sample.externalID, ["hs_lead_status"])["hs_lead_status"]
                == sample.writes.first?.ours)
        }
    }
}

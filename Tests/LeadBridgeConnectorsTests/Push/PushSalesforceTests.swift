import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

/// Push to Salesforce over loopback: Leads and Contacts, collections of 200, conflicts and stages.
@Suite("Push: Salesforce")
struct PushSalesforceTests {
    static func compositeCalls(_ project: PushProject) async throws -> Int {
        try await project.log().calls.filter { $0.key.contains("PATCH") && $0.key.contains("composite/sobjects") }
            .values.reduce(0, +)
    }

    @Test("the first push writes each object in ceil(changes / 200) collection calls; a rep's edit is a conflict; a second push writes nothing")
    func firstAndSecondPush() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 1_200, activitiesPerContact: 3)) { sandbox in
            try await Self.firstAndSecondPush(sandbox)
        }
    }

    /// A named function, not the sandbox closure: that form crashes swift-frontend 6.3.1 (SendNonSendable pass).
    static func firstAndSecondPush(_ sandbox: RunningSandbox) async throws {
        let project = try PushProject(sandbox, connections: ["salesforce"])
        defer { project.remove() }
        try await project.pullAndScore()
        let scoreField = try project.remoteField("salesforce", .leadScore)
        let stages = try project.stages("salesforce")
        let leads = stages.filter { $0.key.hasPrefix("00Q") && ($0.value == "lead" || $0.value == "mql") }
            .keys.sorted()
        try #require(leads.count >= 2)
        // Given a rep who changes one Lead's score and qualifies another between pull and push
        try await PullFixtures.edit(sandbox, vendor: "salesforce", object: "Lead", id: leads[0],
                                    fields: [scoreField: "999"])
        try await PullFixtures.edit(sandbox, vendor: "salesforce", object: "Lead", id: leads[1],
                                    fields: ["Lifecycle_Stage__c": "Qualified"])
        let before = try await Self.compositeCalls(project)
        // When the first push runs
        let (plan, reports) = try await project.job.push(config: project.config, targets: [],
                                                         allowMassChange: true)
        let report = try #require(reports.first)
        let calls = try await Self.compositeCalls(project) - before
        // Then each object's writes went out in the fewest collection calls
        var perObject: [String: Int] = [:]
        for record in plan.records where !record.writes.isEmpty { perObject[record.object, default: 0] += 1 }
        let leadWrites = perObject["Lead"] ?? 0
        var minimum = 0
        for count in perObject.values { minimum += ceilDiv(count, 200) }
        let planned = perObject.values.reduce(0, +)
        #expect(leadWrites > 200)
        #expect(calls == minimum)
        #expect(report.recordsWritten == planned)
        // And the rep's values stand: a conflict for the score, and the stage stays Qualified
        let conflicts = try project.store.conflicts(target: "salesforce", resolutions: [.open])
        #expect(conflicts.contains { $0.key.externalID == leads[0] && $0.key.field == scoreField })
        let qualified = plan.records.first { $0.externalID == leads[1] }?.fields
            .first { $0.field == "Lifecycle_Stage__c" }
        #expect(qualified?.action == .skipped)
        let byKey = try await project.currentValues("salesforce", object: "Lead", keys: [leads[0], leads[1]],
                                                    fields: [scoreField, "Lifecycle_Stage__c"])
        let editedScore: String? = byKey[leads[0]]?[scoreField]
        let editedStage: String? = byKey[leads[1]]?["Lifecycle_Stage__c"]
        #expect(editedScore == "999")
        #expect(editedStage == "Qualified")

        // When it runs again
        let again = try await project.job.push(config: project.config, targets: [], allowMassChange: false)
        // Then nothing is written
        let callsAfter = try await Self.compositeCalls(project)
        #expect(callsAfter - before == calls)
        #expect(again.reports.first?.batches == 0)
    }

    @Test("conflicts resolved --overwrite are written conditionally by the next push; --keep holds while the CRM value stays")
    func resolvedConflicts() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 3)) { sandbox in
            try await Self.resolvedConflicts(sandbox)
        }
    }

    static func resolvedConflicts(_ sandbox: RunningSandbox) async throws {
        let project = try PushProject(sandbox, connections: ["salesforce"])
        defer { project.remove() }
        try await project.pullAndScore()
        let scoreField = try project.remoteField("salesforce", .leadScore)
        _ = try await project.job.push(config: project.config, targets: [], allowMassChange: true)
        let leads = try project.stages("salesforce").keys.filter { $0.hasPrefix("00Q") }.sorted()
        // Given two Leads whose scores a rep changed after the push
        for id in leads.prefix(2) {
            try await PullFixtures.edit(sandbox, vendor: "salesforce", object: "Lead", id: id, fields: [scoreField: "5"])
        }
        // And a new scoring model's values to push (every score moves by one)
        try project.store.writeForTesting { db in try db.execute(sql: "UPDATE scores SET total = total + 1") }
        let first = try await project.job.push(config: project.config, targets: [], allowMassChange: true)
        let open = try project.store.conflicts(target: "salesforce", resolutions: [.open])
            .filter { leads.prefix(2).contains($0.key.externalID) }
        try #require(open.count == 2)
        #expect(first.reports.first?.conflicts ?? 0 >= 2)
        let overwrite = try #require(open.first { $0.key.externalID == leads[0] })
        let keep = try #require(open.first { $0.key.externalID == leads[1] })
        // When one is resolved --overwrite and the other --keep, and the push runs again
        #expect(try project.store.resolveConflicts(ids: [overwrite.id], as: .overwrite) == [overwrite.id])
        #expect(try project.store.resolveConflicts(ids: [keep.id], as: .kept) == [keep.id])
        let before = try await project.log().calls
        let second = try await project.job.push(config: project.config, targets: [], allowMassChange: true)
        let after = try await project.log().calls
        // Then the overwrite went out as a single conditional PATCH and took; the kept one stays the rep's
        let singles = after.filter { $0.key.contains("PATCH") && $0.key.contains("/sobjects/Lead/") }
            .values.reduce(0, +) - before.filter { $0.key.contains("PATCH") && $0.key.contains("/sobjects/Lead/") }
            .values.reduce(0, +)
        #expect(singles == 1)
        #expect(second.reports.first?.recordsWritten == 1)
        let values = try await project.currentValues("salesforce", object: "Lead", keys: [leads[0], leads[1]],
                                                     fields: [scoreField])
        let overwritten: String? = values[leads[0]]?[scoreField]
        let kept: String? = values[leads[1]]?[scoreField]
        #expect(overwritten == overwrite.ours)
        #expect(kept == "5")
        let closed = try project.store.conflicts(target: "salesforce").first { $0.id == overwrite.id }
        #expect(closed?.resolution == .overwritten)
    }

    @Test("a backfill stopped by its call budget resumes at its checkpoint and writes every record once")
    func backfillResumes() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 600, activitiesPerContact: 2)) { sandbox in
            try await Self.backfillResumes(sandbox)
        }
    }

    static func backfillResumes(_ sandbox: RunningSandbox) async throws {
        let project = try PushProject(sandbox, connections: ["salesforce"], settings: "    api_budget_per_run: 6\n")
        defer { project.remove() }
        let unlimited = try PushProject(sandbox, connections: ["salesforce"])
        defer { unlimited.remove() }
        // (pulled through a config without the budget)
        try await project.pullAndScore(pullConfig: unlimited.config)
        let records = try project.stages("salesforce").count
        // Given a backfill in chunks of 100 whose run may make 6 calls (a token, reads and writes)
        var runs = 0
        var stopped = 0
        while runs < 40 {
            runs += 1
            do {
                _ = try await project.job.backfill(config: project.config, targets: [], allowMassChange: true,
                                                   chunk: 100)
                break
            } catch let failure as any RemoteFailure {
                // When the budget stops it, it is run again
                stopped += 1
                #expect("\(failure)".contains("budget"))
            }
        }
        // Then it was stopped at least once, finished, and left no checkpoint
        #expect(stopped >= 1)
        #expect(try project.store.backfillCheckpoint(target: "salesforce", object: "*") == nil)
        // And each record was written once at most (a resumed chunk reads again and finds it done)
        var written: [String: Int] = [:]
        for entry in try await project.log().writes where (entry["path"] as? String)?.contains("composite") == true {
            let body = try JSONSerialization.jsonObject(with: Data((entry["body"] as? String ?? "").utf8))
            for record in (body as? [String: Any])?["records"] as? [[String: Any]] ?? [] {
                written[record["id"] as? String ?? "", default: 0] += 1
            }
        }
        #expect(written.count > records / 2)
        #expect(written.values.allSatisfy { $0 == 1 })
    }

    @Test("a backfill above bulk_threshold goes through Bulk API 2.0 ingest jobs, one per object and chunk, and lands")
    func backfillThroughBulk() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 500, activitiesPerContact: 2)) { sandbox in
            try await Self.backfillThroughBulk(sandbox)
        }
    }

    static func backfillThroughBulk(_ sandbox: RunningSandbox) async throws {
        let project = try PushProject(sandbox, connections: ["salesforce"], settings: "    bulk_threshold: 50\n")
        defer { project.remove() }
        try await project.pullAndScore()
        let scoreField = try project.remoteField("salesforce", .leadScore)
        let before = try await project.log().calls
        // When the first rollout runs as a backfill
        let reports = try await project.job.backfill(config: project.config, targets: [], allowMassChange: true,
                                                      chunk: 1_000)
        let after = try await project.log().calls
        func calls(_ text: String, _ counts: [String: Int]) -> Int {
            counts.filter { $0.key.contains(text) }.values.reduce(0, +)
        }
        // Then the Leads went through an ingest job, and their scores are in place
        let report = try #require(reports.first)
        let jobs = calls("POST /services/data/v", after) - calls("POST /services/data/v", before)
        #expect(calls("jobs/ingest", after) > calls("jobs/ingest", before))
        #expect(jobs >= 1)
        #expect(report.recordsWritten > 50)
        let leads = try project.stages("salesforce").keys.filter { $0.hasPrefix("00Q") }.sorted()
        let values = try await project.currentValues("salesforce", object: "Lead", keys: Array(leads.prefix(50)),
                                                     fields: [scoreField])
        #expect(values.values.allSatisfy { $0[scoreField] != nil })
        #expect(try project.store.journal(runID: report.runID).contains {
            $0.status == .confirmed && ($0.outcome ?? "").contains("bulk_job") || ($0.outcome ?? "").contains("bulkJob")
        })
        // And a second backfill finds nothing to write
        let again = try await project.job.backfill(config: project.config, targets: [], allowMassChange: true)
        #expect(again.first?.recordsWritten == 0)
    }
}

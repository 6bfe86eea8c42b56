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
}

import Foundation
import LeadBridge
import Testing

/// The three-way decision per field, without any remote: ours, base, theirs and the field's policy.
@Suite("Push: the planner's three-way decision")
struct PushPlannerTests {
    static func target(policy: String = "keep", fillBlank: Bool = false) throws -> PushTarget {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("m.yml").path
        try """
            object: contacts
            key: id
            fields:
              email: { from: email, required: true }
              lifecycle_stage:
                from: stage
                map: { subscriber: lead, lead: lead, marketingqualifiedlead: mql, salesqualifiedlead: sql,
                       customer: customer, other: disqualified }
            push:
              lead_score: { to: score, when_remote_changed: \(policy) }
              lifecycle_stage:
                to: stage
                map: { lead: lead, mql: marketingqualifiedlead }
                stage_order: never_demote
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return PushTarget(name: "crm", mapping: try FieldMapping.load(path: path))
    }

    static func candidate(total: Double = 47.4, stage: String = "mql", decidedAt: Int64? = 1_000) -> PushCandidate {
        PushCandidate(contactID: 1, email: "a@example.com", object: "contacts", externalID: "7",
                      score: StoredScore(fit: 30, engagement: 17.4, total: total, grade: "B", stage: stage,
                                         modelHash: "m", computedAt: 900),
                      decidedAt: decidedAt, linksInTarget: 1)
    }

    static func bases(score: String?, stage: String?) -> [RemoteFieldKey: FieldBase] {
        var bases: [RemoteFieldKey: FieldBase] = [:]
        bases[RemoteFieldKey(object: "contacts", externalID: "7", field: "score")] =
            FieldBase(value: score, seenAt: 1, writtenRunID: nil)
        bases[RemoteFieldKey(object: "contacts", externalID: "7", field: "stage")] =
            FieldBase(value: stage, seenAt: 1, writtenRunID: nil)
        return bases
    }

    static func decide(_ target: PushTarget, candidate: PushCandidate = candidate(), base: (String?, String?)?,
                       theirs: [String: String], modifiedAt: Int64? = nil,
                       conflicts: [RemoteFieldKey: StoredConflict] = [:]) -> [String: PlannedField] {
        let record = PushPlanner(target: target).plan(
            candidate, remote: RemoteValues(key: "7", fields: theirs, modifiedAt: modifiedAt),
            bases: base.map { bases(score: $0.0, stage: $0.1) } ?? [:], conflicts: conflicts)
        return Dictionary(uniqueKeysWithValues: record.fields.map { ($0.field, $0) })
    }

    @Test("theirs equal to ours is no change; theirs equal to the base is a write of ours (a whole number)")
    func agreementAndWrite() throws {
        let target = try Self.target()
        let same = Self.decide(target, base: ("10", "lead"), theirs: ["score": "47.0", "stage": "marketingqualifiedlead"])
        #expect(same["score"]?.action == .noChange)
        #expect(same["stage"]?.action == .noChange)
        let write = Self.decide(target, base: ("10", "lead"), theirs: ["score": "10", "stage": "lead"])
        #expect(write["score"]?.action == .write)
        #expect(write["score"]?.ours == "47")
        #expect(write["stage"]?.action == .write)
        #expect(write["stage"]?.ours == "marketingqualifiedlead")
        // An unknown base (never seen) counts as unchanged: the first push writes.
        let fresh = Self.decide(target, base: nil, theirs: ["score": "3"])
        #expect(fresh["score"]?.action == .write)
        #expect(fresh["score"]?.replacesValue == true)
    }

    @Test("a field changed remotely since the base is a conflict under keep, a conditional write under overwrite")
    func remoteChangePolicies() throws {
        let keep = Self.decide(try Self.target(), base: ("10", "lead"), theirs: ["score": "99", "stage": "lead"])
        #expect(keep["score"]?.action == .conflict)
        #expect(keep["score"]?.theirs == "99")
        #expect(keep["score"]?.base == "10")
        let overwrite = Self.decide(try Self.target(policy: "overwrite"), base: ("10", "lead"),
                                    theirs: ["score": "99", "stage": "lead"])
        #expect(overwrite["score"]?.action == .write)
        #expect(overwrite["score"]?.conditional == true)
    }

    @Test("newest writes only when LeadBridge decided after the remote change")
    func newest() throws {
        let target = try Self.target(policy: "newest")
        let ours = Self.decide(target, candidate: Self.candidate(decidedAt: 2_000), base: ("10", nil),
                               theirs: ["score": "99"], modifiedAt: 1_500_000)
        #expect(ours["score"]?.action == .write)
        let theirs = Self.decide(target, candidate: Self.candidate(decidedAt: 1_000), base: ("10", nil),
                                 theirs: ["score": "99"], modifiedAt: 1_500_000)
        #expect(theirs["score"]?.action == .conflict)
    }

    @Test("fill_blank writes only into an empty field")
    func fillBlank() throws {
        let target = try Self.target(policy: "fill_blank")
        #expect(Self.decide(target, base: ("10", nil), theirs: ["score": "10"])["score"]?.action == .skipped)
        #expect(Self.decide(target, base: (nil, nil), theirs: [:])["score"]?.action == .write)
    }

    @Test("never_demote: a stage sales moved on (or off the funnel) is never written back; a stage with no push value is not written")
    func neverDemote() throws {
        let target = try Self.target()
        for remote in ["salesqualifiedlead", "customer", "other", "somethingcustom"] {
            let field = Self.decide(target, base: (nil, remote), theirs: ["stage": remote])["stage"]
            #expect(field?.action == .skipped, "\(remote)")
            #expect(field?.reason?.hasPrefix("never_demote") == true, "\(remote)")
        }
        // MQL back to lead is a demotion too.
        let lead = Self.decide(target, candidate: Self.candidate(stage: "lead"), base: (nil, "marketingqualifiedlead"),
                               theirs: ["stage": "marketingqualifiedlead"])
        #expect(lead["stage"]?.action == .skipped)
        // A person at sql has no stage value to push.
        let sql = Self.decide(target, candidate: Self.candidate(stage: "sql"), base: (nil, "lead"),
                              theirs: ["stage": "lead"])
        #expect(sql["stage"]?.action == .skipped)
        #expect(sql["stage"]?.ours == nil)
    }

    @Test("a decided conflict holds while the remote value stays: kept skips, overwrite writes conditionally")
    func decidedConflicts() throws {
        let target = try Self.target()
        let key = RemoteFieldKey(object: "contacts", externalID: "7", field: "score")
        func conflict(_ resolution: StoredConflict.Resolution, theirs: String) -> [RemoteFieldKey: StoredConflict] {
            [key: StoredConflict(id: 5, runID: 1, contactID: 1, email: nil, target: "crm", key: key, base: "10",
                                 ours: "40", theirs: theirs, policy: "keep", resolution: resolution, detectedAt: 1)]
        }
        let kept = Self.decide(target, base: ("10", nil), theirs: ["score": "99"], conflicts: conflict(.kept, theirs: "99"))
        #expect(kept["score"]?.action == .skipped)
        let overwrite = Self.decide(target, base: ("10", nil), theirs: ["score": "99"],
                                    conflicts: conflict(.overwrite, theirs: "99"))
        #expect(overwrite["score"]?.action == .write)
        #expect(overwrite["score"]?.conditional == true)
        // The remote moved again after the decision: the policy decides afresh (keep: a new conflict).
        let moved = Self.decide(target, base: ("10", nil), theirs: ["score": "98"],
                                conflicts: conflict(.kept, theirs: "99"))
        #expect(moved["score"]?.action == .conflict)
    }

    @Test("a record the remote no longer has is skipped, and needsRead is false once every field holds its base")
    func missingAndNeedsRead() throws {
        let target = try Self.target()
        let record = PushPlanner(target: target).plan(Self.candidate(), remote: nil, bases: [:], conflicts: [:])
        #expect(record.fields.allSatisfy { $0.action == .skipped })
        let planner = PushPlanner(target: target)
        #expect(planner.needsRead(Self.candidate(), bases: Self.bases(score: "47", stage: "marketingqualifiedlead"),
                                  conflicts: [:]) == false)
        #expect(planner.needsRead(Self.candidate(), bases: Self.bases(score: "46", stage: "marketingqualifiedlead"),
                                  conflicts: [:]))
        #expect(planner.needsRead(Self.candidate(), bases: [:], conflicts: [:]))
    }

    @Test("a saved plan whose content was edited is refused")
    func editedPlanIsRefused() throws {
        let field = PlannedField(field: "score", source: "lead_score", action: .write, base: "1", baseKnown: true,
                                 ours: "2", theirs: "1", policy: "keep")
        let plan = PushPlan(id: "p", createdAt: "2026-01-01T00:00:00Z", modelHash: nil, backfill: false, targets: [],
                            records: [PlannedRecord(contactID: 1, email: nil, target: "crm", object: "contacts",
                                                    externalID: "7", remoteModifiedAt: nil, linksInTarget: 1,
                                                    fields: [field])])
        let data = try plan.json()
        #expect(try PushPlan.load(data, path: "plan.json") == plan)
        let edited = Data(String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "\"ours\" : \"2\"", with: "\"ours\" : \"200\"").utf8)
        #expect(edited != data)
        #expect(throws: PushPlanError.self) { try PushPlan.load(edited, path: "plan.json") }
    }
}

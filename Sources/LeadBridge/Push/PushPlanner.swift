/// Decides, per remote record and pushed field, whether to write, leave alone, or report a conflict: the pure
/// three-way comparison of *ours* (the scored value, mapped), *base* (what LeadBridge last saw or wrote) and
/// *theirs* (the remote value read just before).
///
/// - theirs equals ours: no change (the base moves to it).
/// - theirs equals the base (or the base is unknown): write ours.
/// - otherwise someone changed the field remotely: the field's policy decides. `keep` records a conflict and
///   leaves theirs; `overwrite` writes; `newest` writes when LeadBridge's decision is newer than the remote
///   change; `fill_blank` writes only into an empty field (always, not only after a change).
/// - Never an empty value over a non-empty one (an empty ours is never written), and with
///   `stage_order: never_demote` never a stage behind the remote one (nor over a stage off the funnel or unknown).
/// - A decided conflict (``StoredConflict/Resolution``) holds while the remote value stays as it was: `kept`
///   leaves it, `overwrite` writes it (conditionally), an open or `not_taken` one stays a conflict.
///
/// ```swift
/// let planner = PushPlanner(target: target)
/// if planner.needsRead(candidate, bases: bases, conflicts: conflicts) { keys.append(candidate.externalID) }
/// let record = planner.plan(candidate, remote: values[candidate.externalID], bases: bases, conflicts: conflicts)
/// ```
public struct PushPlanner: Sendable {
    public var target: PushTarget

    public init(target: PushTarget) {
        self.target = target
    }

    /// The value LeadBridge wants in a pushed field: scores as whole numbers, grade and stage through the rule's
    /// `map:` (a stage the map does not name has no value, so it is never written).
    public static func ours(_ rule: PushFieldRule, score: StoredScore) -> String? {
        let raw: String = switch rule.source {
        case .leadScore: Self.whole(score.total)
        case .fitScore: Self.whole(score.fit)
        case .engagementScore: Self.whole(score.engagement)
        case .leadGrade: score.grade
        case .lifecycleStage: score.stage
        }
        guard let map = rule.valueMap else { return raw.isEmpty ? nil : raw }
        return map[raw]
    }

    static func whole(_ value: Double) -> String {
        String(Int64(value.rounded(.toNearestOrAwayFromZero)))
    }

    /// Whether two remote values are the same: as numbers when both are numbers (`47` and `47.0`), else as text.
    public static func same(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (let lhs?, let rhs?):
            if lhs == rhs { return true }
            if let left = Double(lhs), let right = Double(rhs) { return left == right }
            return false
        default: return false
        }
    }

    /// Whether the record must be read before planning: some field's value differs from its base (or has no
    /// base), or a decision waits to be written. A record whose every field already holds what LeadBridge last
    /// wrote or saw costs no call, and so does a stage field whose last seen remote stage is ahead of ours.
    public func needsRead(_ candidate: PushCandidate, bases: [RemoteFieldKey: FieldBase],
                          conflicts: [RemoteFieldKey: StoredConflict]) -> Bool {
        for rule in target.rules {
            guard let ours = Self.ours(rule, score: candidate.score) else { continue }
            let key = RemoteFieldKey(object: candidate.object, externalID: candidate.externalID, field: rule.remoteField)
            if conflicts[key]?.resolution == .overwrite { return true }
            guard let base = bases[key] else { return true }
            if Self.same(base.value, ours) { continue }
            // A stage the remote had ahead of ours when last seen: never written back, so not worth a read (the
            // next pull brings its base up to date if sales moves it).
            if rule.source == .lifecycleStage, rule.stageOrder == .neverDemote, base.writtenRunID == nil,
               let value = base.value, demotion(from: value, to: ours) != nil {
                continue
            }
            return true
        }
        return false
    }

    /// Plans one record from its remote values (nil: the remote no longer has it).
    public func plan(_ candidate: PushCandidate, remote: RemoteValues?, bases: [RemoteFieldKey: FieldBase],
                     conflicts: [RemoteFieldKey: StoredConflict]) -> PlannedRecord {
        var fields: [PlannedField] = []
        for rule in target.rules {
            let key = RemoteFieldKey(object: candidate.object, externalID: candidate.externalID, field: rule.remoteField)
            let ours = Self.ours(rule, score: candidate.score)
            let base = bases[key]
            var field = PlannedField(
                field: rule.remoteField, source: rule.source.rawValue, action: .skipped, base: base?.value,
                baseKnown: base != nil, ours: ours, theirs: nil, policy: rule.whenRemoteChanged.rawValue)
            guard let remote else {
                field.reason = "the remote record was not found (deleted or merged); nothing is written"
                fields.append(field)
                continue
            }
            field.theirs = remote.fields[rule.remoteField]
            decide(&field, rule: rule, candidate: candidate, remote: remote, conflict: conflicts[key])
            field.replacesValue = field.action == .write && field.theirs != nil
            fields.append(field)
        }
        return PlannedRecord(
            contactID: candidate.contactID, email: candidate.email, target: target.name, object: candidate.object,
            externalID: candidate.externalID, remoteModifiedAt: remote?.modifiedAt,
            linksInTarget: candidate.linksInTarget, fields: fields)
    }

    private func decide(_ field: inout PlannedField, rule: PushFieldRule, candidate: PushCandidate,
                        remote: RemoteValues, conflict: StoredConflict?) {
        let theirs = field.theirs
        guard let ours = field.ours else {
            field.action = .skipped
            field.reason = rule.source == .lifecycleStage
                ? "stage \(candidate.score.stage) has no value in the push map" : "no value to push"
            return
        }
        if Self.same(theirs, ours) {
            field.action = .noChange
            return
        }
        if rule.source == .lifecycleStage, rule.stageOrder == .neverDemote, let theirs,
           let reason = demotion(from: theirs, to: ours) {
            field.action = .skipped
            field.reason = reason
            return
        }
        if rule.whenRemoteChanged == .fillBlank, theirs != nil {
            field.action = .skipped
            field.reason = "fill_blank: the remote field has a value"
            return
        }
        if let conflict, Self.same(conflict.theirs, theirs) {
            switch conflict.resolution {
            case .kept:
                field.action = .skipped
                field.reason = "kept by decision on conflict #\(conflict.id)"
                return
            case .overwrite:
                field.action = .write
                field.conditional = true
                field.reason = "overwrite decided on conflict #\(conflict.id)"
                return
            case .open, .notTaken:
                field.action = .conflict
                field.reason = conflict.resolution == .notTaken
                    ? "the remote kept its value after LeadBridge wrote (conflict #\(conflict.id))"
                    : "still in conflict #\(conflict.id)"
                return
            case .overwritten, .superseded:
                break
            }
        }
        let remoteChanged = field.baseKnown && !Self.same(theirs, field.base)
        guard remoteChanged else {
            field.action = .write
            return
        }
        switch rule.whenRemoteChanged {
        case .keep:
            field.action = .conflict
            field.reason = "changed remotely since LeadBridge last saw it; policy keep"
        case .overwrite:
            field.action = .write
            field.conditional = true
            field.reason = "changed remotely; policy overwrite"
        case .newest:
            if let decided = candidate.decidedAt, let modified = remote.modifiedAt, decided * 1000 > modified {
                field.action = .write
                field.conditional = true
                field.reason = "changed remotely before LeadBridge's newer decision; policy newest"
            } else {
                field.action = .conflict
                field.reason = "changed remotely after LeadBridge's decision; policy newest keeps it"
            }
        case .fillBlank:
            field.action = .write
        }
    }

    /// Why writing `ours` over the remote stage `theirs` would move it backwards; nil when it would not.
    private func demotion(from theirs: String, to ours: String) -> String? {
        guard let wanted = target.stage(ofRemote: ours) else { return nil }
        guard let current = target.stage(ofRemote: theirs) else {
            return "never_demote: the remote stage `\(theirs)` is not one LeadBridge knows"
        }
        guard let currentRank = current.funnelRank else {
            return "never_demote: the remote stage is \(current.rawValue), a sales decision"
        }
        if let wantedRank = wanted.funnelRank, wantedRank > currentRank { return nil }
        return "never_demote: the remote stage \(current.rawValue) is not behind \(wanted.rawValue)"
    }
}

import Foundation
import GRDB

/// Reads and evaluates one batch of contacts in a read transaction, producing the writes it needs.
///
/// Contacts, their activities (on the covering index, in its order, so that decayed sums add up in the same order
/// as `explain`'s) and their previous scores are stepped through ``RawStatement``: field values, activity types and
/// URLs are read as bytes and looked up in memos (``FitMemo``, ``PatternMemo``) instead of becoming strings, and the
/// explanation is built as bytes and compared with the stored one in place. Not `Sendable` (its memos are caches):
/// each worker of a pass makes its own.
///
/// A contact gets a history row when its grade, stage or model, or its fit, engagement or total in whole points (as
/// `push` writes them), differs from its stored score; when the stored scores may not be the contacts' latest history rows (`comparesWithHistory`: a backfill
/// of a past as-of time, or the first pass after one), from its history row at or before `asOf` instead.
struct ScoringBatchReader {
    private let engine: ScoreEngine
    private let asOf: Int64
    private let comparesWithHistory: Bool
    /// The contact fields the fit rules read, in the engine's field order.
    private let columns: [ScoringStatements.FitColumn]
    private let readsActivities: Bool
    private let readsURL: Bool
    private let readsCampaign: Bool
    private let readsAsset: Bool
    /// Records of these types older than these times count for no rule at `asOf`: not read.
    private let earliestCounted: [(type: String, occurredAt: Int64)]
    private var fitMemo: FitMemo
    private var urls: PatternMemo
    private var campaigns: PatternMemo
    private var assets: PatternMemo
    /// Copies of one event from several systems (nil tolerance: every record counts), and the systems' codes.
    private let sameEventTolerance: Int64?
    private var sameEvent: SameEventWindow
    /// System names seen, by code (a store holds a handful: a linear scan beats hashing), and the last one met.
    private var systems: [[UInt8]] = []
    private var lastSystem: [UInt8] = []
    private var lastSystemCode = -1
    private let typeBytes: [[UInt8]]
    private let fitEntries: [[UInt8]]
    private let ruleEntries: [[UInt8]]
    private let hashBytes: [UInt8]
    private let stageBytes: [[UInt8]]
    private let gradeBytes: [[UInt8]]

    init(engine: ScoreEngine, asOf: Int64, comparesWithHistory: Bool = false) {
        self.engine = engine
        self.asOf = asOf
        self.comparesWithHistory = comparesWithHistory
        columns = engine.fields.map { field in
            switch field {
            case .canonical(let canonical): .column(canonical.column)
            case .extra(let name): .extra(name)
            }
        }
        // Every type is read and unscored ones skipped here: cheaper than an IN filter per row. The order is the
        // covering index's, as before.
        readsActivities = !engine.activityTypes.isEmpty
        readsURL = engine.urlMatchers.contains { $0 != nil }
        readsCampaign = engine.campaignMatchers.contains { $0 != nil }
        readsAsset = engine.assetMatchers.contains { $0 != nil }
        earliestCounted = engine.earliestCounted(asOf: asOf)
        fitMemo = FitMemo(engine: engine)
        urls = PatternMemo(matchers: engine.urlMatchers)
        campaigns = PatternMemo(matchers: engine.campaignMatchers)
        assets = PatternMemo(matchers: engine.assetMatchers)
        sameEventTolerance = engine.model.engagement.sameEventWithinSeconds
        sameEvent = SameEventWindow(tolerance: sameEventTolerance ?? 0)
        typeBytes = engine.activityTypes.map { Array($0.utf8) }
        fitEntries = ExplanationText.fitEntries(engine)
        ruleEntries = ExplanationText.engagementEntries(engine)
        hashBytes = Array(engine.modelHash.utf8)
        stageBytes = LifecycleStage.allCases.map { Array($0.rawValue.utf8) }
        gradeBytes = Grade.allCases.map { Array($0.rawValue.utf8) }
    }

    /// Evaluates the contacts with ids in `first...last`; nil when there are none.
    mutating func read(_ db: Database, first: Int64, last: Int64) throws -> ScoredBatch? {
        let contacts = try readContacts(db, first: first, last: last)
        guard let firstID = contacts.ids.first, let lastID = contacts.ids.last else { return nil }
        var batch = ScoredBatch(
            summary: ScoringSummary(asOf: asOf, modelHash: engine.modelHash),
            bandCounts: Array(repeating: 0, count: engine.model.bands.count))
        let engagement = try readActivities(db, ids: contacts.ids, first: firstID, last: lastID)
        batch.summary.activities = engagement.read
        batch.summary.sameEventCopies = engagement.copies
        var evaluated = evaluate(contacts, engagement)
        try comparePrevious(db, ids: contacts.ids, first: firstID, last: lastID, into: &evaluated)
        var stageTimes: StageTimes?
        try decide(contacts, evaluated, into: &batch) { id, stage in
            if stageTimes == nil { stageTimes = try StageTimes(db) }
            return try stageTimes!.time(contactID: id, stage: stage)
        }
        if comparesWithHistory { try keepHistoryChanges(db, &batch.history) }
        batch.summary.historyRows = batch.history.count
        try fillSampleEmails(db, &batch.summary)
        return batch
    }

    // MARK: - Reading

    private struct Contacts {
        var ids: [Int64] = []
        var crmStages: [LifecycleStage?] = []
        var updatedAts: [Int64] = []
        /// Rounded fit per contact, and the fit rules that fired (flattened; `firedEnds` per contact).
        var fits: [Double] = []
        var fired: [Int32] = []
        var firedEnds: [Int] = []
    }

    private mutating func readContacts(_ db: Database, first: Int64, last: Int64) throws -> Contacts {
        var contacts = Contacts()
        let statement = try ScoringStatements.contacts(db, columns: columns)
        statement.reset(binding: first, last)
        var fired = [Bool](repeating: false, count: engine.fitTests.count)
        let points = engine.model.fit.map(\.points)
        while try statement.step() {
            contacts.ids.append(statement.int64(0))
            contacts.crmStages.append(statement.bytes(1).flatMap { Self.stage($0, stageBytes) })
            contacts.updatedAts.append(statement.int64(2))
            fitMemo.evaluate(statement, firstColumn: 3, into: &fired)
            var fit = 0.0
            for rule in fired.indices where fired[rule] {
                fit += points[rule]
                contacts.fired.append(Int32(rule))
            }
            contacts.firedEnds.append(contacts.fired.count)
            contacts.fits.append(ScoreEngine.round2(fit))
        }
        return contacts
    }

    private struct Engagement {
        var sums: [Double]
        var counts: [Int32]
        var read = 0
        /// Records read and not counted: copies of an event another system's record already counted.
        var copies = 0
    }

    private mutating func readActivities(_ db: Database, ids: [Int64], first: Int64, last: Int64) throws
        -> Engagement
    {
        let rules = engine.model.engagement.rules.count
        var engagement = Engagement(
            sums: [Double](repeating: 0, count: ids.count * rules),
            counts: [Int32](repeating: 0, count: ids.count * rules))
        guard readsActivities else { return engagement }
        let deduplicates = sameEventTolerance != nil
        sameEvent.reset()
        let statement = try ScoringStatements.activities(
            db, url: readsURL, campaign: readsCampaign, asset: readsAsset, sameEvent: deduplicates,
            earliest: earliestCounted)
        statement.reset(binding: first, last)
        let rulePoints = engine.model.engagement.rules.map(\.points)
        let within = engine.withinSeconds
        let hasURL = engine.urlMatchers.map { $0 != nil }
        let hasCampaign = engine.campaignMatchers.map { $0 != nil }
        let hasAsset = engine.assetMatchers.map { $0 != nil }
        let rulesByType = engine.rulesByType
        var lastID: Int64 = .min
        var index: Int?
        var position = 0
        var code: Int?
        var read = 0
        var copies = 0
        var matched: [Int] = []
        while try statement.step() {
            guard let type = statement.bytes(1) else { continue }
            if code.map({ !Self.equal(type, typeBytes[$0]) }) ?? true {
                code = typeBytes.firstIndex { Self.equal(type, $0) }
            }
            guard let code else { continue }
            let occurredAt = statement.int64(2)
            guard occurredAt <= asOf else { continue }
            read += 1
            let id = statement.int64(0)
            if id != lastID {
                lastID = id
                index = ScoringPass.position(of: id, in: ids, hint: &position)
            }
            guard let index else { continue }
            let age = asOf - occurredAt
            // The rules that count this record; a record none counts takes no part in de-duplication either (it
            // neither counts nor hides a copy that a rule does count), which also spares most records the reads.
            matched.removeAll(keepingCapacity: true)
            var url: Int?? = .none
            var campaign: Int?? = .none
            var asset: Int?? = .none
            for rule in rulesByType[code] {
                if let within = within[rule], Double(age) > within { continue }
                if hasURL[rule] {
                    if url == nil { url = .some(urls.id(statement, column: 3)) }
                    guard let id = url!, urls.matches(rule: rule, id: id) else { continue }
                }
                if hasCampaign[rule] {
                    if campaign == nil { campaign = .some(campaigns.id(statement, column: 4)) }
                    guard let id = campaign!, campaigns.matches(rule: rule, id: id) else { continue }
                }
                if hasAsset[rule] {
                    if asset == nil { asset = .some(assets.id(statement, column: 5)) }
                    guard let id = asset!, assets.matches(rule: rule, id: id) else { continue }
                }
                matched.append(rule)
            }
            guard !matched.isEmpty else { continue }
            if deduplicates {
                let outcome = sameEvent.observe(
                    contactID: id, type: code, occurredAt: occurredAt, system: systemCode(statement.bytes(6)),
                    detail: statement.bytes(7))
                if case .copy = outcome {
                    copies += 1
                    continue
                }
            }
            let factor = engine.decay(age: age)
            for rule in matched {
                engagement.sums[index * rules + rule] += rulePoints[rule] * factor
                engagement.counts[index * rules + rule] += 1
            }
        }
        engagement.read = read
        engagement.copies = copies
        return engagement
    }

    /// A small code per system name; consecutive records mostly share one, so the last is checked first.
    @inline(__always)
    private mutating func systemCode(_ bytes: UnsafeRawBufferPointer?) -> Int {
        guard let bytes else { return -1 }
        if lastSystemCode >= 0, Self.equal(bytes, lastSystem) { return lastSystemCode }
        if let known = systems.firstIndex(where: { Self.equal(bytes, $0) }) {
            lastSystemCode = known
        } else {
            lastSystemCode = systems.count
            systems.append(Array(bytes))
        }
        lastSystem = systems[lastSystemCode]
        return lastSystemCode
    }

    // MARK: - Evaluating

    private struct Evaluated {
        var fits: [Double] = []
        var engagement: [Double] = []
        var totals: [Double] = []
        var grades: [Grade] = []
        var qualifies: [Bool] = []
        var explanations: [UInt8] = []
        var explanationEnds: [Int] = []
        /// From the stored score: its stage, whether its model, fit, engagement, total and grade equal the new
        /// ones, and whether every other stored value (the explanation too) does.
        var hasPrevious: [Bool] = []
        var previousStages: [LifecycleStage?] = []
        var sameValues: [Bool] = []
        /// Whether the stored score has the same model, grade and whole-number fit, engagement and total: no
        /// history row then (decay that moves a score by a fraction of a point is not a change anyone sees).
        var samePoints: [Bool] = []
        var sameOtherwise: [Bool] = []
        var previousModelDiffered: [Bool] = []
    }

    private func evaluate(_ contacts: Contacts, _ activity: Engagement) -> Evaluated {
        let count = contacts.ids.count
        let rules = engine.model.engagement.rules.count
        let model = engine.model
        var evaluated = Evaluated()
        evaluated.fits = contacts.fits
        evaluated.explanations.reserveCapacity(count * 96)
        var firedStart = 0
        for index in 0..<count {
            evaluated.explanations += ExplanationText.fitOpen
            for (position, rule) in contacts.fired[firedStart..<contacts.firedEnds[index]].enumerated() {
                if position > 0 { evaluated.explanations.append(UInt8(ascii: ",")) }
                evaluated.explanations += fitEntries[Int(rule)]
            }
            firedStart = contacts.firedEnds[index]
            evaluated.explanations += ExplanationText.engagementOpen
            var ruleTotal = 0.0
            var first = true
            for rule in 0..<rules where activity.counts[index * rules + rule] > 0 {
                let points = ScoreEngine.round2(engine.capped(activity.sums[index * rules + rule], rule: rule))
                ruleTotal += points
                if !first { evaluated.explanations.append(UInt8(ascii: ",")) }
                first = false
                evaluated.explanations += ruleEntries[rule]
                ExplanationText.append(Int(activity.counts[index * rules + rule]), to: &evaluated.explanations)
                evaluated.explanations.append(UInt8(ascii: ","))
                ExplanationText.append(score: points, to: &evaluated.explanations)
                evaluated.explanations.append(UInt8(ascii: "]"))
            }
            evaluated.explanations += ExplanationText.close
            evaluated.explanationEnds.append(evaluated.explanations.count)
            let fit = contacts.fits[index]
            let engagement = ScoreEngine.round2(engine.engagement(fromRulePoints: ruleTotal))
            let total = ScoreEngine.round2(fit + engagement)
            evaluated.engagement.append(engagement)
            evaluated.totals.append(total)
            evaluated.grades.append(model.grades.grade(fit: fit))
            evaluated.qualifies.append(model.mql.qualifies(fit: fit, engagement: engagement, total: total))
        }
        evaluated.hasPrevious = Array(repeating: false, count: count)
        evaluated.previousStages = Array(repeating: nil, count: count)
        evaluated.sameValues = Array(repeating: false, count: count)
        evaluated.samePoints = Array(repeating: false, count: count)
        evaluated.sameOtherwise = Array(repeating: false, count: count)
        evaluated.previousModelDiffered = Array(repeating: false, count: count)
        return evaluated
    }

    /// Reads the stored scores of the batch and compares them with the new ones, in place.
    private func comparePrevious(
        _ db: Database, ids: [Int64], first: Int64, last: Int64, into evaluated: inout Evaluated
    ) throws {
        let statement = try ScoringStatements.previousScores(db)
        statement.reset(binding: first, last)
        var position = 0
        try evaluated.explanations.withUnsafeBytes { explanations in
            while try statement.step() {
                guard let index = ScoringPass.position(of: statement.int64(0), in: ids, hint: &position) else {
                    continue
                }
                evaluated.hasPrevious[index] = true
                evaluated.previousStages[index] = statement.bytes(5).flatMap { Self.stage($0, stageBytes) }
                let sameModel = statement.bytes(6).map { Self.equal($0, hashBytes) } ?? false
                evaluated.previousModelDiffered[index] = !sameModel
                guard sameModel, let storedGrade = statement.bytes(4),
                    Self.equal(storedGrade, gradeBytes[Grade.allCases.firstIndex(of: evaluated.grades[index])!])
                else { continue }
                evaluated.samePoints[index] = Self.points(statement.double(1)) == Self.points(evaluated.fits[index])
                    && Self.points(statement.double(2)) == Self.points(evaluated.engagement[index])
                    && Self.points(statement.double(3)) == Self.points(evaluated.totals[index])
                guard statement.double(2) == evaluated.engagement[index],
                    statement.double(3) == evaluated.totals[index],
                    let grade = statement.bytes(4),
                    Self.equal(grade, gradeBytes[Grade.allCases.firstIndex(of: evaluated.grades[index])!]),
                    statement.double(1) == evaluated.fits[index]
                else { continue }
                evaluated.sameValues[index] = true
                guard let stored = statement.bytes(7) else { continue }
                let start = index == 0 ? 0 : evaluated.explanationEnds[index - 1]
                let current = UnsafeRawBufferPointer(rebasing: explanations[start..<evaluated.explanationEnds[index]])
                evaluated.sameOtherwise[index] = stored.count == current.count
                    && (current.isEmpty || memcmp(stored.baseAddress!, current.baseAddress!, current.count) == 0)
            }
        }
    }

    // MARK: - Deciding

    /// Stage decisions, the summary, and the writes, contact by contact in id order.
    ///
    /// - Parameter stageTime: when a contact reached a CRM stage, and where that time comes from; asked only for a
    ///   CRM stage that makes a transition (rare after the first pass). A CRM stage reached after `asOf` (a
    ///   backfill of past days) is not the contact's stage yet: it is decided as if the CRM still said lead.
    private func decide(
        _ contacts: Contacts, _ evaluated: Evaluated, into batch: inout ScoredBatch,
        stageTime: (Int64, LifecycleStage) throws -> (at: Int64, source: StageTimeSource)?
    ) rethrows {
        let model = engine.model
        var byGrade = [Int](repeating: 0, count: Grade.allCases.count)
        var byStage = [Int](repeating: 0, count: LifecycleStage.allCases.count)
        var summary = batch.summary
        var start = 0
        for index in contacts.ids.indices {
            let fit = evaluated.fits[index]
            let engagement = evaluated.engagement[index]
            let total = evaluated.totals[index]
            let grade = evaluated.grades[index]
            let qualifies = evaluated.qualifies[index]
            let previousStage = evaluated.previousStages[index]
            var decision = StagePolicy.decide(
                crmStage: contacts.crmStages[index], previous: previousStage, qualifies: qualifies)
            var crmTime: (at: Int64, source: StageTimeSource)?
            if decision.reason.isFromCRM, decision.stage != (previousStage ?? .lead),
                let known = try stageTime(contacts.ids[index], decision.stage)
            {
                if known.at > asOf {
                    decision = StagePolicy.decide(crmStage: nil, previous: previousStage, qualifies: qualifies)
                } else {
                    crmTime = known
                }
            }
            summary.contacts += 1
            byGrade[Grade.allCases.firstIndex(of: grade)!] += 1
            byStage[LifecycleStage.allCases.firstIndex(of: decision.stage)!] += 1
            batch.bandCounts[model.bands.index(of: total)] += 1
            if qualifies { summary.qualifying += 1 }
            if decision.stage == .mql { summary.mqlCount += 1 }
            let ref = ScoredContactRef(id: contacts.ids[index], email: nil)
            if decision.stage == .mql, previousStage != .mql {
                summary.newMQLs += 1
                if summary.newMQLSample.count < ScoringSummary.sampleLimit { summary.newMQLSample.append(ref) }
            } else if previousStage == .mql, decision.stage != .mql {
                if decision.stage.isSalesOwned {
                    summary.handedOff += 1
                } else {
                    summary.lostMQLs += 1
                    if summary.lostMQLSample.count < ScoringSummary.sampleLimit { summary.lostMQLSample.append(ref) }
                }
            }
            let hasPrevious = evaluated.hasPrevious[index]
            if !hasPrevious { summary.firstScored += 1 }
            if hasPrevious, evaluated.previousModelDiffered[index] { summary.previousModelDiffered += 1 }
            let end = evaluated.explanationEnds[index]
            let unchanged = hasPrevious && evaluated.sameOtherwise[index] && previousStage == decision.stage
            if !unchanged {
                summary.changed += 1
                batch.explanations += evaluated.explanations[start..<end]
                batch.scores.append(ScoredBatch.Score(
                    contactID: contacts.ids[index], fit: fit, engagement: engagement, total: total, grade: grade,
                    stage: decision.stage, explanationEnd: batch.explanations.count))
            }
            start = end
            // A history row when a tracked value changed (the explanation alone is not a change of score); when
            // comparing with the history, every contact is a candidate, kept if it differs from its history.
            if comparesWithHistory || !(hasPrevious && evaluated.samePoints[index] && previousStage == decision.stage) {
                batch.history.append(ScoredBatch.HistoryRow(
                    contactID: contacts.ids[index], fit: fit, engagement: engagement, total: total, grade: grade,
                    stage: decision.stage))
            }
            if decision.stage != (previousStage ?? .lead) {
                let at: Int64
                let source: StageTimeSource
                if !decision.reason.isFromCRM {
                    (at, source) = (asOf, .scoring)
                } else if let crmTime {
                    (at, source) = crmTime
                } else {
                    (at, source) = (min(asOf, contacts.updatedAts[index]), .localWrite)
                }
                summary.transitions += 1
                batch.transitions.append(ScoredBatch.Transition(
                    contactID: contacts.ids[index], from: previousStage, to: decision.stage, at: at, atSource: source,
                    reason: decision.reason, fit: fit, engagement: engagement, total: total))
            }
        }
        for (grade, count) in zip(Grade.allCases, byGrade) where count > 0 {
            summary.byGrade[grade.rawValue, default: 0] += count
        }
        for (stage, count) in zip(LifecycleStage.allCases, byStage) where count > 0 {
            summary.byStage[stage.rawValue, default: 0] += count
        }
        batch.summary = summary
    }

    /// A score as a whole number of points, as `push` writes it.
    @inline(__always)
    static func points(_ value: Double) -> Double { value.rounded(.toNearestOrAwayFromZero) }

    /// Keeps the history rows that differ from the contact's history row at or before `asOf`: of the same model
    /// where that time has one, else the one decided last. One indexed look-up per contact, in passes that cannot
    /// compare with the stored scores (backfills) only.
    private func keepHistoryChanges(_ db: Database, _ history: inout [ScoredBatch.HistoryRow]) throws {
        guard !history.isEmpty else { return }
        let statement = try ScoringStatements.historyBefore(db)
        var kept: [ScoredBatch.HistoryRow] = []
        for row in history {
            statement.reset(binding: row.contactID, asOf)
            var baseline: (sameModel: Bool, decidedAt: Int64, same: Bool)?
            while try statement.step() {
                let sameModel = statement.bytes(0).map { Self.equal($0, hashBytes) } ?? false
                let decidedAt = statement.isNull(6) ? Int64.min : statement.int64(6)
                if let current = baseline,
                    current.sameModel || (!sameModel && current.decidedAt >= decidedAt)
                {
                    continue
                }
                baseline = (
                    sameModel, decidedAt,
                    sameModel && Self.points(statement.double(1)) == Self.points(row.fit)
                        && Self.points(statement.double(2)) == Self.points(row.engagement)
                        && Self.points(statement.double(3)) == Self.points(row.total)
                        && statement.bytes(4).map {
                            Self.equal($0, gradeBytes[Grade.allCases.firstIndex(of: row.grade)!])
                        } == true
                        && statement.bytes(5).map {
                            Self.equal($0, stageBytes[LifecycleStage.allCases.firstIndex(of: row.stage)!])
                        } == true)
            }
            if baseline?.same != true { kept.append(row) }
        }
        history = kept
    }

    /// The samples of new and lost MQLs carry emails: read for those few contacts only.
    private func fillSampleEmails(_ db: Database, _ summary: inout ScoringSummary) throws {
        guard !summary.newMQLSample.isEmpty || !summary.lostMQLSample.isEmpty else { return }
        let statement = try ScoringStatements.contactEmail(db)
        func email(_ id: Int64) throws -> String? {
            statement.reset(binding: id)
            return try statement.step() ? statement.string(0) : nil
        }
        for index in summary.newMQLSample.indices {
            summary.newMQLSample[index].email = try email(summary.newMQLSample[index].id)
        }
        for index in summary.lostMQLSample.indices {
            summary.lostMQLSample[index].email = try email(summary.lostMQLSample[index].id)
        }
    }

    /// Whether the bytes are exactly `expected`.
    private static func equal(_ bytes: UnsafeRawBufferPointer, _ expected: [UInt8]) -> Bool {
        bytes.count == expected.count && expected.withUnsafeBytes {
            bytes.isEmpty || memcmp(bytes.baseAddress!, $0.baseAddress!, bytes.count) == 0
        }
    }

    /// The lifecycle stage whose raw value is exactly these bytes.
    private static func stage(_ bytes: UnsafeRawBufferPointer, _ stageBytes: [[UInt8]]) -> LifecycleStage? {
        stageBytes.firstIndex { equal(bytes, $0) }.map { LifecycleStage.allCases[$0] }
    }
}

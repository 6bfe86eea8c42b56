import Foundation
import GRDB

/// One scoring pass over the store, batch by batch of contacts in id order.
///
/// Each batch is one write transaction: read the batch's contacts, their previous scores and their activities
/// (through `Row` cursors on the covering index), evaluate in Swift, then upsert only the scores whose values
/// changed and record stage transitions. Memory is bounded by the batch size, not the data.
struct ScoringPass {
    let engine: ScoreEngine
    let asOf: Int64
    private(set) var summary: ScoringSummary
    private var bandCounts: [Int]
    private let contactsSQL: String
    private let activitiesSQL: String?
    private let ruleCount: Int
    private let rulePoints: [Double]

    private struct Previous {
        var fit: Double
        var engagement: Double
        var total: Double
        var grade: String
        var stage: String
        var modelHash: String
        var explanation: String
    }

    init(engine: ScoreEngine, asOf: Int64) {
        self.engine = engine
        self.asOf = asOf
        self.summary = ScoringSummary(asOf: asOf, modelHash: engine.modelHash)
        self.bandCounts = Array(repeating: 0, count: engine.model.bands.count)
        let fieldColumns = engine.fields.map { ", \"\($0.column)\"" }.joined()
        self.contactsSQL = """
            SELECT id, email, lifecycle_stage, updated_at\(fieldColumns) FROM contacts
            WHERE id > ? ORDER BY id LIMIT ?
            """
        let types = engine.activityTypes
        if types.isEmpty {
            self.activitiesSQL = nil
        } else {
            func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
            let code = "CASE type " + types.enumerated().map { "WHEN \(quoted($1)) THEN \($0)" }.joined(separator: " ")
                + " END"
            func column(_ name: String, _ needs: [Bool]) -> String {
                let wanted = types.indices.filter { needs[$0] }.map { quoted(types[$0]) }
                return wanted.isEmpty ? "NULL" : "CASE WHEN type IN (\(wanted.joined(separator: ", "))) THEN \(name) END"
            }
            self.activitiesSQL = """
                SELECT contact_id, \(code), occurred_at, \(column("url", engine.needsURL)), \
                \(column("campaign", engine.needsCampaign)), \(column("asset", engine.needsAsset))
                FROM activities
                WHERE contact_id BETWEEN ? AND ? AND type IN (\(types.map(quoted).joined(separator: ", ")))
                AND occurred_at <= ?
                ORDER BY contact_id, type, occurred_at, url, campaign, asset
                """
        }
        self.ruleCount = engine.model.engagement.rules.count
        self.rulePoints = engine.model.engagement.rules.map(\.points)
    }

    /// Scores the next batch of contacts after `after`; returns false when there were none.
    mutating func scoreBatch(_ db: Database, after: inout Int64, limit: Int) throws -> Bool {
        // Contacts of the batch, with the fields fit rules read.
        let fieldCount = engine.fields.count
        var ids: [Int64] = []
        var emails: [String?] = []
        var crmStages: [LifecycleStage?] = []
        var updatedAts: [Int64] = []
        var texts: [String?] = []
        var numbers: [Double?] = []
        ids.reserveCapacity(limit)
        let numeric = engine.fields.map { $0.kind == .int || $0.kind == .date }
        let contacts = try Row.fetchCursor(db.cachedStatement(sql: contactsSQL), arguments: [after, limit])
        while let row = try contacts.next() {
            ids.append(row[0])
            emails.append(row[1])
            crmStages.append((row[2] as String?).flatMap(LifecycleStage.init(rawValue:)))
            updatedAts.append(row[3])
            for slot in 0..<fieldCount {
                if numeric[slot] {
                    let number: Int64? = row[4 + slot]
                    numbers.append(number.map(Double.init))
                    texts.append(number.map { String($0) })
                } else {
                    texts.append(row[4 + slot])
                    numbers.append(nil)
                }
            }
        }
        guard let first = ids.first, let last = ids.last else { return false }
        after = last
        let count = ids.count

        // Previous scores, aligned with the batch.
        var previous = [Previous?](repeating: nil, count: count)
        let scores = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT contact_id, fit, engagement, total, grade, stage, model_hash, explanation FROM scores
                WHERE contact_id BETWEEN ? AND ?
                """),
            arguments: [first, last])
        var position = 0
        while let row = try scores.next() {
            let id: Int64 = row[0]
            guard let index = Self.position(of: id, in: ids, hint: &position) else { continue }
            previous[index] = Previous(
                fit: row[1], engagement: row[2], total: row[3], grade: row[4], stage: row[5], modelHash: row[6],
                explanation: row[7])
        }

        // Activities: decayed points per contact and rule.
        let rules = ruleCount
        var sums = [Double](repeating: 0, count: count * rules)
        var counts = [Int32](repeating: 0, count: count * rules)
        if let activitiesSQL {
            let activities = try Row.fetchCursor(
                db.cachedStatement(sql: activitiesSQL), arguments: [first, last, asOf])
            var lastID: Int64 = .min
            var index: Int? = nil
            position = 0
            var read = 0
            while let row = try activities.next() {
                read += 1
                let id: Int64 = row[0]
                if id != lastID {
                    lastID = id
                    index = Self.position(of: id, in: ids, hint: &position)
                }
                guard let index, let code = row[1] as Int? else { continue }
                let occurredAt: Int64 = row[2]
                let url: String? = engine.needsURL[code] ? row[3] : nil
                let campaign: String? = engine.needsCampaign[code] ? row[4] : nil
                let asset: String? = engine.needsAsset[code] ? row[5] : nil
                let age = asOf - occurredAt
                let factor = engine.decay(age: age)
                for rule in engine.rulesByType[code]
                where engine.ruleApplies(rule, age: age, url: url, campaign: campaign, asset: asset) {
                    sums[index * rules + rule] += rulePoints[rule] * factor
                    counts[index * rules + rule] += 1
                }
            }
            summary.activities += read
        }

        // Evaluate, compare, collect writes.
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO scores (contact_id, fit, engagement, total, grade, stage, model_hash, computed_at, explanation)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (contact_id) DO UPDATE SET
                fit = excluded.fit, engagement = excluded.engagement, total = excluded.total,
                grade = excluded.grade, stage = excluded.stage, model_hash = excluded.model_hash,
                computed_at = excluded.computed_at, explanation = excluded.explanation
            """)
        let transition = try db.cachedStatement(sql: """
            INSERT INTO stage_transitions
                (contact_id, from_stage, to_stage, at, reason, fit, engagement, total, model_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let model = engine.model
        let hash = engine.modelHash
        for index in 0..<count {
            var fit = 0.0
            var explanation = "{\"fit\":{"
            var firstEntry = true
            for rule in 0..<engine.fitTests.count where engine.fitFires(rule, texts, numbers, base: index * fieldCount) {
                fit += model.fit[rule].points
                if !firstEntry { explanation += "," }
                firstEntry = false
                explanation += engine.quotedFitIDs[rule] + ":" + ScoreEngine.format(model.fit[rule].points)
            }
            explanation += "},\"engagement\":{"
            firstEntry = true
            var ruleTotal = 0.0
            for rule in 0..<rules where counts[index * rules + rule] > 0 {
                let points = ScoreEngine.round2(engine.capped(sums[index * rules + rule], rule: rule))
                ruleTotal += points
                if !firstEntry { explanation += "," }
                firstEntry = false
                explanation += engine.quotedRuleIDs[rule] + ":[" + String(counts[index * rules + rule]) + ","
                    + ScoreEngine.format(points) + "]"
            }
            explanation += "}}"
            fit = ScoreEngine.round2(fit)
            let engagement = ScoreEngine.round2(engine.engagement(fromRulePoints: ruleTotal))
            let total = ScoreEngine.round2(fit + engagement)
            let grade = model.grades.grade(fit: fit)
            let qualifies = model.mql.qualifies(fit: fit, engagement: engagement, total: total)
            let before = previous[index]
            let previousStage = before.flatMap { LifecycleStage(rawValue: $0.stage) }
            let decision = StagePolicy.decide(crmStage: crmStages[index], previous: previousStage, qualifies: qualifies)

            summary.contacts += 1
            summary.byGrade[grade.rawValue, default: 0] += 1
            summary.byStage[decision.stage.rawValue, default: 0] += 1
            bandCounts[model.bands.index(of: total)] += 1
            if qualifies { summary.qualifying += 1 }
            if decision.stage == .mql { summary.mqlCount += 1 }
            let ref = ScoredContactRef(id: ids[index], email: emails[index])
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
            if before == nil { summary.firstScored += 1 }
            if let before, before.modelHash != hash { summary.previousModelDiffered += 1 }

            let unchanged = before.map {
                $0.fit == fit && $0.engagement == engagement && $0.total == total && $0.grade == grade.rawValue
                    && $0.stage == decision.stage.rawValue && $0.modelHash == hash && $0.explanation == explanation
            } ?? false
            if !unchanged {
                summary.changed += 1
                try upsert.execute(arguments: [
                    ids[index], fit, engagement, total, grade.rawValue, decision.stage.rawValue, hash, asOf,
                    explanation,
                ])
            }
            if decision.stage != (previousStage ?? .lead) {
                let at = decision.reason.isFromCRM ? min(asOf, updatedAts[index]) : asOf
                summary.transitions += 1
                try transition.execute(arguments: [
                    ids[index], previousStage?.rawValue, decision.stage.rawValue, at, decision.reason.rawValue, fit,
                    engagement, total, hash,
                ])
            }
        }
        return true
    }

    /// The summary, with the band distribution filled in.
    func finish() -> ScoringSummary {
        var summary = summary
        summary.byBand = zip(engine.model.bands.labels, bandCounts).map { BandCount(label: $0, count: $1) }
        return summary
    }

    /// The index of `id` in the ascending `ids`, searching forward from `hint` first (rows mostly come in order).
    static func position(of id: Int64, in ids: [Int64], hint: inout Int) -> Int? {
        if hint < ids.count, ids[hint] == id { return hint }
        if hint + 1 < ids.count, ids[hint + 1] == id {
            hint += 1
            return hint
        }
        var low = 0
        var high = ids.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if ids[middle] == id {
                hint = middle
                return middle
            }
            if ids[middle] < id { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}

import Foundation
import GRDB

/// A scoring model as the README documents it, in plain test values: the independent side of the `audit --model`
/// checks. Nothing here calls LeadBridge's engine; it is written from the documented rules.
struct ReferenceModel {
    enum Condition {
        /// `matches`: the regular expression finds a match in the value.
        case matches(String)
        /// `between: [low, high]`: a number, both ends included.
        case between(Double, Double)
        /// `in`: the value, trimmed and lower-cased, is one of these.
        case oneOf([String])
        /// `domain_in` on an email field: the address's domain is in the list.
        case domainIn(Set<String>)
        /// `missing: true`: no value, or only white space.
        case missing
    }

    struct FitRule {
        var id: String
        /// A `contacts` column.
        var field: String
        var condition: Condition
        var points: Double
    }

    struct EngagementRule {
        var id: String
        var activity: String
        var urlMatches: String?
        var withinDays: Double?
        var points: Double
        var cap: Double?
    }

    var fit: [FitRule]
    var halfLifeDays: Double?
    var engagementCap: Double?
    var rules: [EngagementRule]
    var mqlTotal: Double
    var mqlFit: Double
    var mqlEngagement: Double

    var ruleIDs: [String] { fit.map(\.id) + rules.map(\.id) }
}

/// One model's figures, as `audit --model` reports them per column.
struct ReferenceFigures: Equatable {
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0
    var trueNegatives = 0
    /// Per band: contacts, converted.
    var bands: [[Int]]
    /// Per rule id: fired for converters, fired for non-converters, not fired for converters, not fired for
    /// non-converters.
    var rules: [String: [Int]] = [:]
    var stages: [String: Int] = [:]

    var mqlCount: Int { truePositives + falsePositives }
    var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
    var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
    var baseRate: Double {
        Double(truePositives + falseNegatives)
            / Double(max(1, truePositives + falsePositives + falseNegatives + trueNegatives))
    }
    var lift: Double { baseRate == 0 ? 0 : precision / baseRate }
}

/// The audit recomputed from the store's rows with plain SQL and the README's rules:
///
/// - the audited contacts are the scored ones whose review date (first recorded stage transition, else creation
///   time) falls in the window;
/// - converted: the highest stage reached (current CRM stage, recorded transitions) is sql or later;
/// - both models score every contact as of the stored scores' time (the latest `computed_at`), a converter as of
///   its first recorded transition to sal or later;
/// - fit: the points of the rules whose condition holds; engagement: per rule, each matching activity up to the
///   scoring time (and within `within_days`) adds its points × 2^(−age / half-life), the rule's sum is capped
///   (absolute value) and kept to two decimals; their sum is capped, floored at 0 and kept to two decimals;
///   total = fit + engagement; MQL = total, fit and engagement each at least the rule's minimum;
/// - stages as of the stored scores' time: a sales stage stays, `disqualified` stays, `recycled` becomes mql when
///   the score qualifies, a contact whose stored stage is a sales stage keeps it, otherwise mql or lead.
struct ReferenceAudit {
    struct Activity {
        var type: String
        var at: Int64
        var url: String?
    }

    struct Contact {
        var id: Int64
        var fields: [String: String]
        var crmStage: String?
        var storedStage: String
        var converted: Bool
        var handoffAt: Int64?
        var activities: [Activity]
    }

    static let funnel = ["lead", "mql", "sal", "sql", "opportunity", "customer"]
    static let salesStages: Set<String> = ["sal", "sql", "opportunity", "customer"]

    let evaluatedAt: Int64
    let contacts: [Contact]
    /// Scored contacts left out by the window.
    let outside: Int

    /// Reads the store at `path`; `window` is `start ..< end` in UTC seconds.
    init(storePath path: String, window: Range<Int64>, convertedFrom: String = "sql") throws {
        let queue = try DatabaseQueue(path: path)
        let bar = Self.funnel.firstIndex(of: convertedFrom)!
        let read = try queue.read { db in
            let evaluatedAt = try Int64.fetchOne(db, sql: "SELECT MAX(computed_at) FROM scores")!
            var transitions: [Int64: [(stage: String, at: Int64)]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT contact_id, to_stage, at FROM stage_transitions ORDER BY at, id") {
                transitions[row[0], default: []].append((row[1], row[2]))
            }
            var activities: [Int64: [Activity]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT contact_id, type, occurred_at, url FROM activities ORDER BY occurred_at, id")
            {
                activities[row[0], default: []].append(Activity(type: row[1], at: row[2], url: row[3]))
            }
            var contacts: [Contact] = []
            var outside = 0
            for row in try Row.fetchAll(db, sql: """
                SELECT c.id, c.email, c.title, c.company, c.industry, CAST(c.employees AS TEXT), c.lifecycle_stage,
                       c.created_at, s.stage
                FROM contacts c JOIN scores s ON s.contact_id = c.id ORDER BY c.id
                """)
            {
                let id: Int64 = row[0]
                let history = transitions[id] ?? []
                let reviewAt: Int64? = history.first?.at ?? row[7]
                guard let reviewAt, window.contains(reviewAt) else {
                    outside += 1
                    continue
                }
                let crm: String? = row[6]
                let reached = ([crm].compactMap { $0 } + history.map(\.stage))
                    .compactMap { Self.funnel.firstIndex(of: $0) }.max() ?? 0
                var fields: [String: String] = [:]
                for (index, name) in ["email", "title", "company", "industry", "employees"].enumerated() {
                    if let value: String = row[1 + index] { fields[name] = value }
                }
                contacts.append(Contact(
                    id: id, fields: fields, crmStage: crm, storedStage: row[8], converted: reached >= bar,
                    handoffAt: history.first { Self.salesStages.contains($0.stage) }?.at,
                    activities: activities[id] ?? []))
            }
            return (evaluatedAt, contacts, outside)
        }
        evaluatedAt = read.0
        contacts = read.1
        outside = read.2
    }

    /// A score: fit, engagement, total, and the rules that fired.
    struct Score {
        var fit: Double
        var engagement: Double
        var total: Double
        var fired: Set<String>
    }

    static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    static func score(_ contact: Contact, _ model: ReferenceModel, asOf: Int64) -> Score {
        var fired: Set<String> = []
        var fit = 0.0
        for rule in model.fit {
            let value = contact.fields[rule.field]
            let holds: Bool
            switch rule.condition {
            case .matches(let pattern):
                let regex = try! NSRegularExpression(pattern: pattern)
                holds = value.map { regex.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil } ?? false
            case .between(let low, let high):
                holds = value.flatMap(Double.init).map { $0 >= low && $0 <= high } ?? false
            case .oneOf(let values):
                holds = value.map { values.contains($0.trimmingCharacters(in: .whitespaces).lowercased()) } ?? false
            case .domainIn(let domains):
                holds = value.flatMap { $0.split(separator: "@").last.map { $0.lowercased() } }
                    .map(domains.contains) ?? false
            case .missing:
                holds = value.map { $0.trimmingCharacters(in: .whitespaces).isEmpty } ?? true
            }
            if holds {
                fit += rule.points
                fired.insert(rule.id)
            }
        }
        var sum = 0.0
        for rule in model.rules {
            var points = 0.0
            var matched = false
            for activity in contact.activities where activity.type == rule.activity && activity.at <= asOf {
                let age = Double(asOf - activity.at)
                if let days = rule.withinDays, age > days * 86_400 { continue }
                if let pattern = rule.urlMatches {
                    let regex = try! NSRegularExpression(pattern: pattern)
                    guard let url = activity.url,
                        regex.firstMatch(in: url, range: NSRange(url.startIndex..., in: url)) != nil
                    else { continue }
                }
                matched = true
                points += rule.points * (model.halfLifeDays.map { exp2(-age / ($0 * 86_400)) } ?? 1)
            }
            guard matched else { continue }
            fired.insert(rule.id)
            if let cap = rule.cap { points = points > 0 ? min(points, cap) : max(points, -cap) }
            sum += round2(points)
        }
        let engagement = round2(max(0, min(sum, model.engagementCap ?? .infinity)))
        fit = round2(fit)
        return Score(fit: fit, engagement: engagement, total: round2(fit + engagement), fired: fired)
    }

    static func qualifies(_ score: Score, _ model: ReferenceModel) -> Bool {
        score.total >= model.mqlTotal && score.fit >= model.mqlFit && score.engagement >= model.mqlEngagement
    }

    /// The stage the model decides as of the stored scores' time, from the CRM stage and the stored stage.
    func stage(_ contact: Contact, _ model: ReferenceModel) -> String {
        let qualified = Self.qualifies(Self.score(contact, model, asOf: evaluatedAt), model)
        let crm = contact.crmStage.flatMap { Self.funnel.contains($0) || $0 == "disqualified" || $0 == "recycled" ? $0 : nil }
            ?? "lead"
        if Self.salesStages.contains(crm) || crm == "disqualified" { return crm }
        if crm == "recycled" { return qualified ? "mql" : "recycled" }
        if Self.salesStages.contains(contact.storedStage) { return contact.storedStage }
        return qualified ? "mql" : "lead"
    }

    func figures(_ model: ReferenceModel, bands bounds: [Double]) -> ReferenceFigures {
        var figures = ReferenceFigures(bands: Array(repeating: [0, 0], count: bounds.count + 1))
        for id in model.ruleIDs { figures.rules[id] = [0, 0, 0, 0] }
        for contact in contacts {
            let asOf = contact.converted ? contact.handoffAt ?? evaluatedAt : evaluatedAt
            let score = Self.score(contact, model, asOf: asOf)
            switch (Self.qualifies(score, model), contact.converted) {
            case (true, true): figures.truePositives += 1
            case (true, false): figures.falsePositives += 1
            case (false, true): figures.falseNegatives += 1
            case (false, false): figures.trueNegatives += 1
            }
            let band = bounds.filter { score.total >= $0 }.count
            figures.bands[band][0] += 1
            if contact.converted { figures.bands[band][1] += 1 }
            for id in model.ruleIDs {
                figures.rules[id]![(score.fired.contains(id) ? 0 : 2) + (contact.converted ? 0 : 1)] += 1
            }
            figures.stages[stage(contact, model), default: 0] += 1
        }
        return figures
    }

    /// `from → to` counts of the contacts whose stage differs between the two models.
    func stageChanges(_ current: ReferenceModel, _ candidate: ReferenceModel) -> [String: Int] {
        var changes: [String: Int] = [:]
        for contact in contacts {
            let (from, to) = (stage(contact, current), stage(contact, candidate))
            if from != to { changes["\(from) → \(to)", default: 0] += 1 }
        }
        return changes
    }
}

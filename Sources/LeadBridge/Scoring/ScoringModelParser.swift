import Foundation
import Yams

/// Reads a scoring file's YAML nodes into a ``ScoringModel``, collecting every problem with its position.
struct ScoringModelParser {
    private(set) var problems: [ScoringProblem] = []

    private static let topKeys = ["version", "lists", "fit", "engagement", "mql", "grades", "bands", "handoff", "audit"]
    private static let fitKeys = ["name", "field", "points", "equals", "in", "matches", "between", "domain_in", "missing"]
    private static let conditionKeys = ["equals", "in", "matches", "between", "domain_in", "missing"]
    private static let engagementKeys = ["half_life_days", "cap", "same_event_within_minutes", "rules"]
    private static let ruleKeys = [
        "name", "activity", "url_matches", "campaign_matches", "asset_matches", "within_days", "points", "cap",
    ]

    /// Parses the text; nil when there were problems (see ``problems``).
    mutating func parse(yaml: String) -> ScoringModel? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            problems.append(Self.problem(for: error))
            return nil
        } catch {
            problems.append(ScoringProblem(line: 0, column: 0, message: "cannot read the YAML: \(error)"))
            return nil
        }
        guard let root, let top = mapping(root, "the scoring file") else {
            if root == nil {
                report(nil, "the file is empty; it needs at least `fit`, `engagement`, `mql` and `grades`")
            }
            return nil
        }
        checkKeys(top, Self.topKeys, in: "the scoring file")

        var lists: [String: [String]] = [:]
        if let node = top["lists"], let map = mapping(node, "`lists`") {
            for (key, value) in map {
                guard let name = key.string else { continue }
                guard let items = sequence(value, "list `\(name)`") else { continue }
                lists[name] = items.compactMap { text($0, "a domain in list `\(name)`")?.lowercased() }
            }
        }
        let listNames = Set(lists.keys).union([ScoringModel.freeMailList])

        var names = Set<String>()
        var fit: [FitRule] = []
        if let node = top["fit"], let rules = sequence(node, "`fit`") {
            for (index, ruleNode) in rules.enumerated() {
                if let rule = fitRule(ruleNode, position: index + 1, listNames: listNames) {
                    if !names.insert(rule.id).inserted {
                        report(ruleNode, "duplicate rule name `\(rule.id)`; rule names must be unique")
                    }
                    fit.append(rule)
                }
            }
        } else if top["fit"] == nil {
            report(root, "missing `fit`: a list of fit rules (write `fit: []` to score on engagement only)")
        }

        var engagement = EngagementModel(halfLifeDays: nil, cap: nil, rules: [])
        if let node = top["engagement"], let map = mapping(node, "`engagement`") {
            checkKeys(map, Self.engagementKeys, in: "`engagement`")
            engagement.halfLifeDays = map["half_life_days"].flatMap { positive($0, "`half_life_days`") }
            engagement.cap = map["cap"].flatMap { positive($0, "`engagement.cap`") }
            if let node = map["same_event_within_minutes"] {
                engagement.sameEventWithinMinutes = sameEventMinutes(node)
            }
            if let rulesNode = map["rules"], let rules = sequence(rulesNode, "`engagement.rules`") {
                for (index, ruleNode) in rules.enumerated() {
                    if let rule = engagementRule(ruleNode, position: index + 1) {
                        if !names.insert(rule.id).inserted {
                            report(ruleNode, "duplicate rule name `\(rule.id)`; rule names must be unique")
                        }
                        engagement.rules.append(rule)
                    }
                }
            } else if map["rules"] == nil {
                report(node, "missing `engagement.rules`: a list of activity rules")
            }
        } else if top["engagement"] == nil {
            report(root, "missing `engagement`: `half_life_days` and a list of `rules`")
        }

        var mql: MQLRule?
        if let node = top["mql"], let map = mapping(node, "`mql`") {
            checkKeys(map, ["total", "min_fit", "min_engagement"], in: "`mql`")
            let total = required(map, "total", in: node, "`mql`")
            let minFit = required(map, "min_fit", in: node, "`mql`")
            let minEngagement = required(map, "min_engagement", in: node, "`mql`")
            if let total, let minFit, let minEngagement {
                mql = MQLRule(total: total, minFit: minFit, minEngagement: minEngagement)
            }
        } else if top["mql"] == nil {
            report(root, "missing `mql`: `{ total: 60, min_fit: 20, min_engagement: 10 }`")
        }

        var grades: GradeThresholds?
        if let node = top["grades"], let map = mapping(node, "`grades`") {
            checkKeys(map, ["A", "B", "C"], in: "`grades`")
            let a = required(map, "A", in: node, "`grades`")
            let b = required(map, "B", in: node, "`grades`")
            let c = required(map, "C", in: node, "`grades`")
            if let a, let b, let c {
                if a > b, b > c {
                    grades = GradeThresholds(a: a, b: b, c: c)
                } else {
                    report(node, "grade thresholds must descend (A > B > C); found A: \(a), B: \(b), C: \(c)")
                }
            }
        } else if top["grades"] == nil {
            report(root, "missing `grades`: fit thresholds `{ A: 40, B: 25, C: 10 }`")
        }

        var bands = ScoreBands(bounds: [20, 40, 60, 80, 100])
        if let node = top["bands"], let items = sequence(node, "`bands`") {
            let bounds = items.compactMap { number($0, "a band bound") }
            if bounds.count == items.count {
                if bounds.isEmpty || zip(bounds, bounds.dropFirst()).contains(where: { $0 >= $1 }) {
                    report(node, "`bands` must be a non-empty list of ascending numbers, e.g. [20, 40, 60, 80]")
                } else {
                    bands = ScoreBands(bounds: bounds)
                }
            }
        }

        var slaHours = 24.0
        if let node = top["handoff"], let map = mapping(node, "`handoff`") {
            checkKeys(map, ["sla_hours"], in: "`handoff`")
            if let hours = map["sla_hours"].flatMap({ positive($0, "`handoff.sla_hours`") }) { slaHours = hours }
        }

        var convertedStages = ScoringModel.defaultConvertedStages
        var minSample = ScoringModel.defaultMinSample
        if let node = top["audit"], let map = mapping(node, "`audit`") {
            checkKeys(map, ["converted_stages", "min_sample"], in: "`audit`")
            if let sampleNode = map["min_sample"], let value = positive(sampleNode, "`audit.min_sample`") {
                if value == value.rounded(), value <= 1_000_000_000 {
                    minSample = Int(value)
                } else {
                    report(sampleNode, "`audit.min_sample` must be a whole number of contacts, found "
                        + ScoreBands.format(value))
                }
            }
            if let listNode = map["converted_stages"], let items = sequence(listNode, "`audit.converted_stages`") {
                let sales = LifecycleStage.allCases.filter(\.isSalesOwned).map(\.rawValue)
                var stages: [LifecycleStage] = []
                for item in items {
                    guard let name = text(item, "a stage of `audit.converted_stages`") else { continue }
                    if let stage = LifecycleStage(rawValue: name), stage.isSalesOwned {
                        stages.append(stage)
                    } else {
                        report(item, "`\(name)` is not a sales stage\(Suggestion.didYouMean(name, in: sales)); "
                            + "converted stages are set by sales: \(sales.joined(separator: ", "))")
                    }
                }
                if items.isEmpty { report(listNode, "`audit.converted_stages` needs at least one stage") }
                if !stages.isEmpty { convertedStages = stages.sorted() }
            }
        }

        if let version = top["version"], version.string != "1" {
            report(version, "unsupported `version: \(version.string ?? "?")`; this LeadBridge reads version 1")
        }

        guard problems.isEmpty, let mql, let grades else { return nil }
        return ScoringModel(
            lists: lists, fit: fit, engagement: engagement, mql: mql, grades: grades, bands: bands, slaHours: slaHours,
            convertedStages: convertedStages, minSample: minSample)
    }

    // MARK: - Rules

    private mutating func fitRule(_ node: Node, position: Int, listNames: Set<String>) -> FitRule? {
        guard let map = mapping(node, "fit rule \(position)") else { return nil }
        checkKeys(map, Self.fitKeys, in: "fit rule \(position)")
        let id = map["name"].flatMap { text($0, "`name`") } ?? "fit#\(position)"
        var field: FitField?
        if let fieldNode = map["field"], let name = text(fieldNode, "`field`") {
            field = FitField(name: name)
            if field == nil {
                let known = CanonicalField.allCases.map(\.rawValue)
                report(fieldNode, "unknown field `\(name)`\(Suggestion.didYouMean(name, in: known)); "
                    + "known fields: \(known.joined(separator: ", ")), or a custom field `extra.<name>` a mapping writes")
            }
        } else if map["field"] == nil {
            report(node, "fit rule `\(id)` needs a `field`")
        }
        let points = required(map, "points", in: node, "fit rule `\(id)`")
        let conditions = map.filter { key, _ in Self.conditionKeys.contains(key.string ?? "") }
        guard conditions.count == 1 else {
            report(node, "fit rule `\(id)` needs exactly one condition (\(Self.conditionKeys.joined(separator: ", "))), "
                + "found \(conditions.count)")
            return nil
        }
        let (keyNode, valueNode) = conditions[0]
        var condition: FitCondition?
        switch keyNode.string {
        case "equals":
            condition = text(valueNode, "`equals`").map(FitCondition.equals)
        case "in":
            if let items = sequence(valueNode, "`in`") {
                let values = items.compactMap { text($0, "a value of `in`") }
                if values.count == items.count {
                    if values.isEmpty { report(valueNode, "`in` needs at least one value") }
                    condition = .oneOf(values)
                }
            }
        case "matches":
            if let pattern = text(valueNode, "`matches`"), checkRegex(pattern, at: valueNode) {
                condition = .matches(pattern)
            }
        case "between":
            if let items = sequence(valueNode, "`between`") {
                let bounds = items.compactMap { number($0, "a bound of `between`") }
                if items.count != 2 {
                    report(valueNode, "`between` takes two numbers, [low, high], e.g. [200, 5000]")
                } else if bounds.count == 2 {
                    if bounds[0] > bounds[1] {
                        report(valueNode, "`between` bounds are reversed: write [\(bounds[1]), \(bounds[0])]")
                    } else {
                        condition = .between(bounds[0], bounds[1])
                    }
                }
            }
            if case .canonical(let canonical)? = field, canonical != .employees {
                report(keyNode, "`between` needs a numeric field; `\(canonical.rawValue)` is text (use `employees` "
                    + "or a custom `extra.<name>` field holding numbers)")
            }
        case "domain_in":
            if let list = text(valueNode, "`domain_in`") {
                if listNames.contains(list) {
                    condition = .domainIn(list: list)
                } else {
                    report(valueNode, "unknown list `\(list)`\(Suggestion.didYouMean(list, in: listNames)); "
                        + "use `free_mail` or define it under `lists:`")
                }
            }
            if let field, field != .canonical(.email), field != .canonical(.domain) {
                report(keyNode, "`domain_in` applies to `email` or `domain`, not `\(field.name)`")
            }
        case "missing":
            if let flag = valueNode.scalar.flatMap({ Bool.construct(from: $0) }) {
                condition = .missing(flag)
            } else {
                report(valueNode, "`missing` takes true or false")
            }
        default:
            break
        }
        guard let field, let points, let condition else { return nil }
        return FitRule(id: id, field: field, condition: condition, points: points, line: node.mark?.line ?? 0)
    }

    private mutating func engagementRule(_ node: Node, position: Int) -> EngagementRule? {
        guard let map = mapping(node, "engagement rule \(position)") else { return nil }
        checkKeys(map, Self.ruleKeys, in: "engagement rule \(position)")
        let id = map["name"].flatMap { text($0, "`name`") } ?? "engagement#\(position)"
        var activity: String?
        if let activityNode = map["activity"], let type = text(activityNode, "`activity`") {
            if EngagementRule.knownActivityTypes.contains(type) {
                activity = type
            } else {
                let known = EngagementRule.knownActivityTypes
                report(activityNode, "unknown activity type `\(type)`\(Suggestion.didYouMean(type, in: known)); "
                    + "known types: \(known.joined(separator: ", "))")
            }
        } else if map["activity"] == nil {
            report(node, "engagement rule `\(id)` needs an `activity` type")
        }
        let points = required(map, "points", in: node, "engagement rule `\(id)`")
        func pattern(_ key: String) -> String? {
            guard let valueNode = map[key], let pattern = text(valueNode, "`\(key)`") else { return nil }
            return checkRegex(pattern, at: valueNode) ? pattern : nil
        }
        let url = pattern("url_matches")
        let campaign = pattern("campaign_matches")
        let asset = pattern("asset_matches")
        let within = map["within_days"].flatMap { positive($0, "`within_days`") }
        let cap = map["cap"].flatMap { positive($0, "`cap`") }
        guard let activity, let points else { return nil }
        return EngagementRule(
            id: id, activity: activity, urlMatches: url, campaignMatches: campaign, assetMatches: asset,
            withinDays: within, points: points, cap: cap, line: node.mark?.line ?? 0)
    }

    // MARK: - Values

    /// `same_event_within_minutes`: minutes from 0 (only the same second) to a day, or `none` (no de-duplication).
    private mutating func sameEventMinutes(_ node: Node) -> Double? {
        if case .scalar(let scalar) = node, scalar.style == .plain, scalar.string == "none" { return nil }
        let what = "`same_event_within_minutes` (how far apart two systems' records of one event may be)"
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = Double(scalar.string), value.isFinite,
            (0...1_440).contains(value)
        {
            return value
        }
        report(node, "\(what) must be a number of minutes from 0 to 1440, or `none` to count every record, "
            + "found \(Self.describe(node))")
        return EngagementModel.defaultSameEventWithinMinutes
    }

    private mutating func checkRegex(_ pattern: String, at node: Node) -> Bool {
        do {
            _ = try NSRegularExpression(pattern: pattern)
            return true
        } catch {
            report(node, "invalid regular expression \"\(pattern)\"; check brackets, parentheses and escapes "
                + "(in double quotes write \\\\b for \\b)")
            return false
        }
    }

    private mutating func checkKeys(_ map: Node.Mapping, _ known: [String], in context: String) {
        for (key, _) in map {
            guard let name = key.string else {
                report(key, "keys in \(context) must be text")
                continue
            }
            if !known.contains(name) {
                report(key, "unknown key `\(name)` in \(context)\(Suggestion.didYouMean(name, in: known)); "
                    + "expected one of: \(known.joined(separator: ", "))")
            }
        }
    }

    private mutating func required(_ map: Node.Mapping, _ key: String, in node: Node, _ context: String) -> Double? {
        guard let value = map[key] else {
            report(node, "\(context) needs `\(key)` (a number)")
            return nil
        }
        return number(value, "`\(key)`")
    }

    private mutating func number(_ node: Node, _ what: String) -> Double? {
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = Double(scalar.string), value.isFinite {
            return value
        }
        report(node, "\(what) must be a number, found \(Self.describe(node))")
        return nil
    }

    private mutating func positive(_ node: Node, _ what: String) -> Double? {
        guard let value = number(node, what) else { return nil }
        guard value > 0 else {
            report(node, "\(what) must be greater than zero, found \(ScoreBands.format(value))")
            return nil
        }
        return value
    }

    private mutating func text(_ node: Node, _ what: String) -> String? {
        if case .scalar(let scalar) = node, !scalar.string.isEmpty { return scalar.string }
        report(node, "\(what) must be text, found \(Self.describe(node))")
        return nil
    }

    private mutating func mapping(_ node: Node, _ what: String) -> Node.Mapping? {
        if case .mapping(let map) = node { return map }
        report(node, "\(what) must be a mapping (`key: value` lines or `{ key: value }`), found \(Self.describe(node))")
        return nil
    }

    private mutating func sequence(_ node: Node, _ what: String) -> [Node]? {
        if case .sequence(let items) = node { return Array(items) }
        report(node, "\(what) must be a list (`- item` lines or `[a, b]`), found \(Self.describe(node))")
        return nil
    }

    private mutating func report(_ node: Node?, _ message: String) {
        let mark = node?.mark
        problems.append(ScoringProblem(line: mark?.line ?? 0, column: mark?.column ?? 0, message: message))
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "`\(scalar.string)`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private static func problem(for error: YamlError) -> ScoringProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let where_ = context.map { " (\($0.text))" } ?? ""
            return ScoringProblem(line: mark.line, column: mark.column, message: "YAML syntax: \(problem)\(where_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScoringProblem(
                line: context.mark.line, column: context.mark.column,
                message: "duplicate key(s) \(duplicates.joined(separator: ", ")): each key may appear once")
        default:
            return ScoringProblem(line: 0, column: 0, message: "YAML: \(error)")
        }
    }
}

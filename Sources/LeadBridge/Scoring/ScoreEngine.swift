import Foundation

/// A ``ScoringModel`` compiled for evaluation: regexes built once, rules indexed by activity type, lists as sets.
///
/// Not `Sendable` (its pattern memos are mutable caches): build one per worker of a scoring pass, inside it.
struct ScoreEngine {
    let model: ScoringModel
    let modelHash: String
    /// The contact fields fit rules read, in the order the scoring query selects them.
    let fields: [FitField]
    let fitTests: [FitTest]
    /// Activity types that some rule scores; an activity's type code is its index here.
    let activityTypes: [String]
    /// Engagement rule indices by type code.
    let rulesByType: [[Int]]
    let needsURL: [Bool]
    let needsCampaign: [Bool]
    let needsAsset: [Bool]
    let urlMatchers: [PatternMatcher?]
    let campaignMatchers: [PatternMatcher?]
    let assetMatchers: [PatternMatcher?]
    let withinSeconds: [Double?]
    private let halfLifeSeconds: Double?
    /// Rule ids as JSON strings, for the stored explanation.
    let quotedFitIDs: [String]
    let quotedRuleIDs: [String]

    enum FitTest {
        case equals(slot: Int, String)
        case oneOf(slot: Int, Set<String>)
        case matches(slot: Int, PatternMatcher)
        case between(slot: Int, Double, Double)
        case domainIn(slot: Int, email: Bool, Set<String>)
        case missing(slot: Int, Bool)
    }

    /// - Throws: ``ScoringModelError`` when a pattern does not compile (only possible for models built in code;
    ///   loaded models are checked at load).
    init(model: ScoringModel) throws(ScoringModelError) {
        self.model = model
        self.modelHash = model.hash
        var fields: [FitField] = []
        func slot(_ field: FitField) -> Int {
            if let index = fields.firstIndex(of: field) { return index }
            fields.append(field)
            return fields.count - 1
        }
        var problems: [ScoringProblem] = []
        func compile(_ pattern: String?, line: Int) -> PatternMatcher? {
            guard let pattern else { return nil }
            do {
                return try PatternMatcher(pattern: pattern)
            } catch {
                problems.append(ScoringProblem(line: line, column: 0, message: "invalid regular expression \"\(pattern)\""))
                return nil
            }
        }
        var tests: [FitTest] = []
        for rule in model.fit {
            let index = slot(rule.field)
            switch rule.condition {
            case .equals(let value): tests.append(.equals(slot: index, value.lowercased()))
            case .oneOf(let values): tests.append(.oneOf(slot: index, Set(values.map { $0.lowercased() })))
            case .matches(let pattern):
                tests.append(compile(pattern, line: rule.line).map { .matches(slot: index, $0) } ?? .missing(
                    slot: index, false))
            case .between(let lower, let upper): tests.append(.between(slot: index, lower, upper))
            case .domainIn(let list):
                tests.append(.domainIn(slot: index, email: rule.field == .canonical(.email), Set(model.lists[list] ?? [])))
            case .missing(let flag): tests.append(.missing(slot: index, flag))
            }
        }
        self.fields = fields
        self.fitTests = tests

        var types: [String] = []
        var byType: [[Int]] = []
        for (index, rule) in model.engagement.rules.enumerated() {
            if let code = types.firstIndex(of: rule.activity) {
                byType[code].append(index)
            } else {
                types.append(rule.activity)
                byType.append([index])
            }
        }
        self.activityTypes = types
        self.rulesByType = byType
        let rules = model.engagement.rules
        self.urlMatchers = rules.map { compile($0.urlMatches, line: $0.line) }
        self.campaignMatchers = rules.map { compile($0.campaignMatches, line: $0.line) }
        self.assetMatchers = rules.map { compile($0.assetMatches, line: $0.line) }
        self.needsURL = byType.map { $0.contains { rules[$0].urlMatches != nil } }
        self.needsCampaign = byType.map { $0.contains { rules[$0].campaignMatches != nil } }
        self.needsAsset = byType.map { $0.contains { rules[$0].assetMatches != nil } }
        self.halfLifeSeconds = model.engagement.halfLifeDays.map { $0 * 86_400 }
        self.withinSeconds = rules.map { $0.withinDays.map { $0 * 86_400 } }
        self.quotedFitIDs = model.fit.map { JSONText.quoted($0.id) }
        self.quotedRuleIDs = rules.map { JSONText.quoted($0.id) }
        guard problems.isEmpty else { throw ScoringModelError(.invalid, file: "(model)", problems: problems) }
    }

    // MARK: - Fit

    /// Whether fit rule `index` fires for a contact whose field values (in `fields` order) start at `base` in
    /// `texts` (every field as text) and `numbers` (numeric fields).
    func fitFires(_ index: Int, _ texts: [String?], _ numbers: [Double?], base: Int) -> Bool {
        switch fitTests[index] {
        case .equals(let slot, let value):
            guard let text = texts[base + slot] else { return false }
            return TextNormalizer.folded(text) == value
        case .oneOf(let slot, let values):
            guard let text = texts[base + slot] else { return false }
            return values.contains(TextNormalizer.folded(text))
        case .matches(let slot, let matcher):
            guard let text = texts[base + slot] else { return false }
            return matcher.matches(text)
        case .between(let slot, let lower, let upper):
            guard let number = numbers[base + slot] else { return false }
            return number >= lower && number <= upper
        case .domainIn(let slot, let email, let domains):
            guard let text = texts[base + slot] else { return false }
            return domains.contains(Self.domain(of: text, isEmail: email))
        case .missing(let slot, let flag):
            let isMissing = texts[base + slot].map { $0.allSatisfy(\.isWhitespace) } ?? (numbers[base + slot] == nil)
            return isMissing == flag
        }
    }

    /// The domain a `domain_in` rule reads: of the address for an email field, of the value (a domain or URL)
    /// for the `domain` field; "" when there is none. The mapping's `domain` transform reads it the same way.
    static func domain(of text: String, isEmail: Bool) -> String {
        isEmail ? TextNormalizer.emailDomain(of: text) : TextNormalizer.domain(of: text) ?? ""
    }

    // MARK: - Engagement

    /// For each activity type whose every rule has `within_days`, the earliest occurrence time at which one of them
    /// still counts a record at `asOf` (``ruleApplies(_:age:url:campaign:asset:)``): older records of that type
    /// count for no rule. Types with a rule without a window are not listed.
    func earliestCounted(asOf: Int64) -> [(type: String, occurredAt: Int64)] {
        activityTypes.indices.compactMap { code in
            var widest = 0.0
            for rule in rulesByType[code] {
                // A window beyond any time a store holds is no window.
                guard let within = withinSeconds[rule], within < 1e15 else { return nil }
                widest = max(widest, within)
            }
            // A record counts while its age (whole seconds) is at most the window.
            return (activityTypes[code], asOf - Int64(widest.rounded(.down)))
        }
    }

    /// Whether engagement rule `rule` counts an activity `age` seconds old with these details.
    func ruleApplies(_ rule: Int, age: Int64, url: String?, campaign: String?, asset: String?) -> Bool {
        if let within = withinSeconds[rule], Double(age) > within { return false }
        if let matcher = urlMatchers[rule] {
            guard let url, matcher.matches(url) else { return false }
        }
        if let matcher = campaignMatchers[rule] {
            guard let campaign, matcher.matches(campaign) else { return false }
        }
        if let matcher = assetMatchers[rule] {
            guard let asset, matcher.matches(asset) else { return false }
        }
        return true
    }

    /// The decay factor of an activity `age` seconds old; the same formula as ``EngagementModel/decayFactor``.
    func decay(age: Int64) -> Double {
        guard let halfLifeSeconds else { return 1 }
        return exp2(-Double(age) / halfLifeSeconds)
    }

    /// A rule's sum of decayed points after its cap (a cap limits the absolute value).
    func capped(_ sum: Double, rule: Int) -> Double {
        guard let cap = model.engagement.rules[rule].cap else { return sum }
        return sum > 0 ? min(sum, cap) : max(sum, -cap)
    }

    /// The engagement from the sum of capped rule points: the total cap, then the floor at zero.
    func engagement(fromRulePoints sum: Double) -> Double {
        var value = sum
        if let cap = model.engagement.cap { value = min(value, cap) }
        return max(0, value)
    }

    /// Scores are kept to two decimals, so that stored values and their comparisons are exact and stable.
    static func round2(_ value: Double) -> Double {
        let rounded = (value * 100).rounded() / 100
        return rounded == 0 ? 0 : rounded
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

extension ScoringModel {
    /// A stable 16-hex-digit fingerprint of what the model computes: rules (in order), lists, thresholds, decay.
    ///
    /// Comments, white space, key order and rule line numbers do not change it; any change to a rule does.
    public var hash: String {
        var hash = StableHash()
        hash.combine(normalizedText)
        let bits = UInt64(bitPattern: hash.value)
        let hex = String(bits, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The model as canonical text: one line per element, numbers in shortest form, lists sorted.
    var normalizedText: String {
        func number(_ value: Double?) -> String { value.map { String($0) } ?? "-" }
        func text(_ value: String?) -> String { value.map { JSONText.quoted($0) } ?? "-" }
        var lines = ["v1"]
        for name in lists.keys.sorted() {
            lines.append("list \(text(name)) \(lists[name]!.map(text).joined(separator: ","))")
        }
        for rule in fit {
            let condition: String
            switch rule.condition {
            case .equals(let value): condition = "equals \(text(value.lowercased()))"
            case .oneOf(let values): condition = "in \(Set(values.map { $0.lowercased() }).sorted().map(text))"
            case .matches(let pattern): condition = "matches \(text(pattern))"
            case .between(let lower, let upper): condition = "between \(number(lower)) \(number(upper))"
            case .domainIn(let list): condition = "domain_in \(text(list))"
            case .missing(let flag): condition = "missing \(flag)"
            }
            lines.append("fit \(text(rule.id)) \(rule.field.name) \(condition) \(number(rule.points))")
        }
        lines.append("engagement \(number(engagement.halfLifeDays)) \(number(engagement.cap))")
        lines.append("same_event \(number(engagement.sameEventWithinMinutes))")
        for rule in engagement.rules {
            lines.append([
                "rule", text(rule.id), rule.activity, text(rule.urlMatches), text(rule.campaignMatches),
                text(rule.assetMatches), number(rule.withinDays), number(rule.points), number(rule.cap),
            ].joined(separator: " "))
        }
        lines.append("mql \(number(mql.total)) \(number(mql.minFit)) \(number(mql.minEngagement))")
        lines.append("grades \(number(grades.a)) \(number(grades.b)) \(number(grades.c))")
        return lines.joined(separator: "\n")
    }
}

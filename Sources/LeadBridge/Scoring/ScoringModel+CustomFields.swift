extension ScoringModel {
    /// The fit rules on custom fields (`extra.<name>`) that no mapping writes, with what to do about each: such a
    /// rule could never fire. `check` reports them at the rule's line.
    ///
    /// - Parameter produced: the custom field names the connections' mappings write (`extra.<name>` keys).
    public func unmappedCustomFieldRules(produced: Set<String>) -> [(rule: FitRule, message: String)] {
        fit.compactMap { rule in
            guard case .extra(let name) = rule.field, !produced.contains(name) else { return nil }
            let known = produced.sorted()
            return (rule, "fit rule `\(rule.id)` reads `extra.\(name)`, which no connection's mapping writes"
                + "\(Suggestion.didYouMean(name, in: known)); add `extra.\(name): <remote field>` to a mapping "
                + "or fix the name (mapped custom fields: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
        }
    }
}

extension FieldMapping {
    /// Checks the mapping's value maps against the values a remote picklist can hold (a Salesforce describe's active
    /// `picklistValues`, a HubSpot property's `options`).
    ///
    /// A rule that reads a picklist field through a `map:` without a `default:` rejects every record whose value the
    /// map lacks; this names each such value before a pull does.
    ///
    /// - Parameters:
    ///   - picklists: remote field name → the values it can hold; fields without values are left out.
    ///   - stream: which part of the mapping reads the source: contacts (`fields:`) or activities.
    ///   - source: what the fields are, for messages: `Salesforce Lead fields`.
    /// - Returns: one warning per uncovered value, at the line of its rule's `map:`; none when every value maps.
    public func uncoveredPicklistValues(_ picklists: [String: [String]], stream: ImportStream, source: String)
        -> [Diagnostic]
    {
        var diagnostics: [Diagnostic] = []
        for (what, rule) in valueRules(stream) {
            guard case .field(let name) = rule.source, let valueMap = rule.valueMap, rule.defaultValue == nil,
                let values = picklists[name], !values.isEmpty
            else { continue }
            var probe = rule
            probe.output = .text
            probe.required = false
            let parts = (valueMapPositions[rule.position] ?? rule.position).split(separator: ":")
            let skip = what == "activities.type" ? " (`skip` for an activity LeadBridge does not score)" : ""
            for value in values {
                let record = RawRecord(fields: [name: value], location: RecordLocation(source: source, index: 0))
                do { _ = try probe.text(record) } catch {
                    diagnostics.append(Diagnostic(
                        file: parts.dropLast(2).joined(separator: ":"),
                        line: parts.count >= 3 ? Int(parts[parts.count - 2]) : nil,
                        column: parts.count >= 3 ? Int(parts[parts.count - 1]) : nil,
                        message: "\(what).map: `\(value)`, a value of `\(name)` in the \(source), is not in the map "
                            + "(\(valueMap.count) values) and there is no `default:`: a pull rejects its records; add "
                            + "`\(value): <value>` to `map:`\(skip), or a `default:`"))
                }
            }
        }
        return diagnostics
    }

    /// The value rules of one part of the mapping, with the key path that names them in messages.
    private func valueRules(_ stream: ImportStream) -> [(what: String, rule: ValueRule)] {
        guard stream == .activities else {
            return fields.map { ("fields.\($0.target.name)", $0.rule) }
        }
        guard let activities else { return [] }
        var rules: [(String, ValueRule)] = [("activities.type", activities.type)]
        for (key, rule) in [("url", activities.url), ("campaign", activities.campaign), ("asset", activities.asset)] {
            if let rule { rules.append(("activities.\(key)", rule)) }
        }
        rules += activities.detail.map { ("activities.detail.\($0.name)", $0.rule) }
        return rules
    }
}

extension PushFieldRule {
    /// Checks the values this entry's `map:` writes against the options of its remote picklist (a Salesforce
    /// describe's active `picklistValues`, a HubSpot property's `options`).
    ///
    /// A value the picklist does not offer is refused by a restricted picklist, or stored as a value the remote's
    /// users cannot pick: a warning, because an unrestricted picklist takes it.
    ///
    /// - Parameters:
    ///   - options: the remote field's options; none for a field without them (then nothing is checked).
    ///   - source: where the options come from, for messages: `Salesforce Lead and Contact describes`.
    /// - Returns: one warning per value that is not an option, at the entry's line.
    public func unlistedValues(options: [String], source: String) -> [Diagnostic] {
        guard let valueMap, !options.isEmpty else { return [] }
        let known = Set(options)
        let listed = options.prefix(20).joined(separator: ", ") + (options.count > 20 ? ", …" : "")
        return valueMap.sorted { $0.key < $1.key }.filter { !$0.value.isEmpty && !known.contains($0.value) }.map {
            Diagnostic(at: position, message: "push.\(self.source.rawValue).map: `\($0.key): \($0.value)` writes "
                + "`\($0.value)`, which is not an active value of `\(remoteField)` in the \(source)"
                + "\(Suggestion.didYouMean($0.value, in: options)): the remote refuses it or stores a value its users "
                + "cannot pick; its values: \(listed)")
        }
    }
}

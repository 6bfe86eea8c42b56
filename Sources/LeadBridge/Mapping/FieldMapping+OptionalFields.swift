extension FieldMapping {
    /// Whether a remote may lack this field's source without failing a pull: the CRM's stage dates
    /// (`extra.stage_date.<stage>`). Portals and orgs differ in which stages they date, and a stage without a CRM
    /// date is timed by the modified time of the first record version that showed it.
    public func isOptional(_ rule: ContactFieldRule) -> Bool {
        if case .extra(let name) = rule.target { return name.hasPrefix(StageDates.prefix) }
        return false
    }

    /// Splits the unknown-field diagnostics of a remote check into errors and optional fields the remote lacks.
    ///
    /// - Parameter unknown: the diagnostics of ``missingSourceFields(_:stream:source:)`` (or a connector's check),
    ///   each at the position of the rule that reads the missing field.
    /// - Returns: this mapping without the optional rules whose source the remote lacks (a pull must not ask for
    ///   them: a SOQL query naming a missing field fails), the errors that remain, and one warning per rule set
    ///   aside.
    public func settingAsideMissingOptionalFields(_ unknown: [Diagnostic])
        -> (mapping: FieldMapping, errors: [Diagnostic], warnings: [Diagnostic])
    {
        var mapping = self
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        for diagnostic in unknown {
            guard let index = mapping.fields.firstIndex(where: {
                isOptional($0) && diagnostic.isAt($0.rule.position)
            }) else {
                errors.append(diagnostic)
                continue
            }
            let rule = mapping.fields.remove(at: index)
            warnings.append(Diagnostic(at: rule.rule.position, message: "\(rule.target.name): \(diagnostic.message); "
                + "the pull goes on without it, and `audit` times this stage by the modified time of the first "
                + "record version that showed it (remove or comment out the line to silence this warning)"))
        }
        return (mapping, errors, warnings)
    }
}

extension Diagnostic {
    /// Whether this diagnostic points at `position` (`file:line:column`, as mapping rules record it).
    func isAt(_ position: String) -> Bool {
        let other = Diagnostic(at: position, message: "")
        return file == other.file && line == other.line && column == other.column
    }
}

import LeadBridge

extension APIConnection {
    /// Checks the mapping's value maps against the remote picklists: each active value of a Salesforce picklist
    /// (describe `fields[].picklistValues[]` with `active`) and each option of a HubSpot property (`options[].value`)
    /// that a `map:` without a `default:` lacks is one warning (see
    /// ``FieldMapping/uncoveredPicklistValues(_:stream:source:)``). The describe and properties calls are the ones
    /// ``checkMapping(_:)`` made: Salesforce reuses its describes, HubSpot reads its properties again.
    ///
    /// - Returns: the warnings, at the line of each `map:`; none when every remote value maps.
    public func picklistWarnings(_ mapping: FieldMapping) async throws(APIError) -> [Diagnostic] {
        func picklists(_ fields: [RemoteField]) -> [String: [String]] {
            Dictionary(fields.filter { !$0.options.isEmpty }.map { ($0.name, $0.options) }) { first, _ in first }
        }
        switch self {
        case .hubspot(let source):
            return mapping.uncoveredPicklistValues(
                picklists(try await source.properties()), stream: .contacts, source: "HubSpot contact properties")
        case .salesforce(let source):
            var warnings = mapping.uncoveredPicklistValues(
                picklists(try await source.describe(mapping.object)), stream: .contacts,
                source: "Salesforce \(mapping.object) describe")
            if let activities = mapping.activities {
                warnings += mapping.uncoveredPicklistValues(
                    picklists(try await source.describe(activities.object)), stream: .activities,
                    source: "Salesforce \(activities.object) describe")
            }
            return warnings
        }
    }
}

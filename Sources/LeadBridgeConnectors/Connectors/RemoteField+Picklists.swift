import LeadBridge

extension [RemoteField] {
    /// The picklist values of the fields that have them, by field name: what the mapping's value maps must cover.
    var picklists: [String: [String]] {
        Dictionary(filter { !$0.options.isEmpty }.map { ($0.name, $0.options) }) { first, _ in first }
    }
}

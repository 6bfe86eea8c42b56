/// What `check` learnt from a connection: that it signed in, whether the mapping's fields exist remotely, and which
/// remote picklist values its value maps miss.
public struct ConnectorCheck: Sendable, Equatable {
    /// What the cheapest authenticated call proved (`authenticated; contacts have 212 properties`).
    public var summary: String
    /// Each field the mapping reads that the remote object lacks, where the mapping names it.
    public var unknownFields: [Diagnostic]
    /// Each active remote picklist value a `map:` without a `default:` lacks (checked only when no field is
    /// unknown).
    public var picklistWarnings: [Diagnostic]

    public init(summary: String, unknownFields: [Diagnostic] = [], picklistWarnings: [Diagnostic] = []) {
        self.summary = summary
        self.unknownFields = unknownFields
        self.picklistWarnings = picklistWarnings
    }
}

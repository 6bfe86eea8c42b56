/// What `check` learnt from a connection: that it signed in, whether the mapping's fields exist remotely, whether
/// its push fields can be written, and which remote picklist values its value maps miss.
public struct ConnectorCheck: Sendable, Equatable {
    /// What the cheapest authenticated call proved (`authenticated; contacts have 212 properties`).
    public var summary: String
    /// Each field the mapping reads that the remote object lacks, where the mapping names it.
    public var unknownFields: [Diagnostic]
    /// Each `push:` field that a remote object it writes lacks or describes as read-only (HubSpot
    /// `modificationMetadata.readOnlyValue`, Salesforce `updateable: false`), at the push entry: errors, like
    /// ``unknownFields``.
    public var unwritableFields: [Diagnostic]
    /// Each active remote picklist value a `map:` without a `default:` lacks (checked only when no field is
    /// unknown), and each value a push entry's `map:` writes that its remote picklist does not offer.
    public var picklistWarnings: [Diagnostic]

    public init(summary: String, unknownFields: [Diagnostic] = [], unwritableFields: [Diagnostic] = [],
                picklistWarnings: [Diagnostic] = []) {
        self.summary = summary
        self.unknownFields = unknownFields
        self.unwritableFields = unwritableFields
        self.picklistWarnings = picklistWarnings
    }
}

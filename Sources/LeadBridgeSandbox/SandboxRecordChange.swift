/// One record a logged write changed: which collection, the record's id as its vendor's API shows it, and the
/// fields the write set on it.
public struct SandboxRecordChange: Sendable, Codable, Equatable {
    /// The collection: `hubspot.contacts`, `hubspot.engagements`, `salesforce.Lead`, `salesforce.Contact`,
    /// `marketo.leads` or `pardot.prospect`.
    public var object: String
    /// The record's id as the vendor's API shows it: HubSpot, Marketo and Pardot ids as decimal text, Salesforce
    /// 18-character ids.
    public var id: String
    /// The fields set, with the values as stored, as text: HubSpot's are strings already (an empty string clears
    /// a property), Salesforce numbers read `42.0`; nil is null. Only the fields that took effect: a HubSpot
    /// property given its current value, or a lifecycle stage HubSpot refused to move backwards, is not listed.
    /// Empty for a record the write touched without setting a field (an archive).
    public var fields: [String: String?]

    public init(object: String, id: String, fields: [String: String?]) {
        self.object = object
        self.id = id
        self.fields = fields
    }
}

/// One remote object a connector reads, with its fields: what `discover` lists.
public struct RemoteObject: Sendable, Equatable {
    /// The object's name (`contacts` for HubSpot, `Lead` for Salesforce).
    public var name: String
    public var fields: [RemoteField]
    /// The mapping's `key:` and `modified:` for this object, for a suggested mapping.
    public var key: String
    public var modified: String

    public init(name: String, fields: [RemoteField], key: String, modified: String) {
        self.name = name
        self.fields = fields
        self.key = key
        self.modified = modified
    }
}

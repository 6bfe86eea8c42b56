/// A field of a remote object, as `discover` lists it.
public struct RemoteField: Sendable, Equatable, Codable {
    /// The name a mapping uses (`properties.email` for HubSpot, `Email` for Salesforce).
    public var name: String
    public var label: String
    public var type: String
    public var readOnly: Bool
    /// Picklist values, when the field has them.
    public var options: [String]

    public init(name: String, label: String, type: String, readOnly: Bool, options: [String] = []) {
        self.name = name
        self.label = label
        self.type = type
        self.readOnly = readOnly
        self.options = options
    }
}

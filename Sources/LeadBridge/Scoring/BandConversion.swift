/// Contacts in one total-score band and how many of them converted (reached a converted stage).
public struct BandConversion: Sendable, Equatable, Codable {
    public var label: String
    public var contacts: Int
    public var converted: Int
    /// `converted / contacts`, 0 for an empty band.
    public var rate: Double { contacts == 0 ? 0 : Double(converted) / Double(contacts) }

    public init(label: String, contacts: Int, converted: Int) {
        self.label = label
        self.contacts = contacts
        self.converted = converted
    }

    private enum CodingKeys: String, CodingKey {
        case label, contacts, converted, rate
    }

    /// JSON: the counts and the rate.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        try container.encode(contacts, forKey: .contacts)
        try container.encode(converted, forKey: .converted)
        try container.encode(rate, forKey: .rate)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            label: try container.decode(String.self, forKey: .label),
            contacts: try container.decode(Int.self, forKey: .contacts),
            converted: try container.decode(Int.self, forKey: .converted))
    }
}

/// Contacts in one total-score band and how many of them converted (reached a converted stage).
public struct BandConversion: Sendable, Equatable, Codable {
    public var label: String
    public var contacts: Int
    public var converted: Int
    /// `converted / contacts`, 0 for an empty band.
    public var rate: Double { contacts == 0 ? 0 : Double(converted) / Double(contacts) }
}

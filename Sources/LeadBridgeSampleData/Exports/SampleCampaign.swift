/// A marketing campaign as the Pardot sample exports name it: a stable id and the campaign name that generated
/// activities carry.
public struct SampleCampaign: Sendable, Equatable {
    public var id: Int
    public var name: String

    /// Every campaign, ids 7001 onwards in `Vocabulary` order.
    public static let all: [SampleCampaign] = Vocabulary.campaigns.enumerated().map {
        SampleCampaign(id: 7_001 + $0.offset, name: $0.element)
    }

    /// The campaign a person is attributed to (their first touch), a pure function of their index.
    public static func of(_ person: SamplePerson) -> SampleCampaign { all[person.index % all.count] }

    /// The campaign with this name, as activities name it.
    public static func named(_ name: String) -> SampleCampaign? { all.first { $0.name == name } }
}

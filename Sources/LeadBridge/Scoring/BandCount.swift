/// How many contacts have a total score in one band.
public struct BandCount: Sendable, Equatable, Codable {
    public var label: String
    public var count: Int

    public init(label: String, count: Int) {
        self.label = label
        self.count = count
    }
}

/// Score bands for distributions and the conversion audit, from ascending lower bounds of total score.
///
/// With bounds `[20, 40, 60, 80]` the bands are `<20`, `20–40`, `40–60`, `60–80`, `80+` (each from its lower bound up to, not including, the next).
public struct ScoreBands: Sendable, Equatable, Codable {
    /// Ascending lower bounds; the first band is everything below the first bound.
    public var bounds: [Double]

    public init(bounds: [Double]) {
        self.bounds = bounds
    }

    /// The band index of a total score, 0 ..< `count`.
    public func index(of total: Double) -> Int {
        var index = 0
        while index < bounds.count, total >= bounds[index] { index += 1 }
        return index
    }

    public var count: Int { bounds.count + 1 }

    /// Human labels: `<20`, `20–39`, …, `80+`.
    public var labels: [String] {
        guard !bounds.isEmpty else { return ["all"] }
        var labels = ["<\(Self.format(bounds[0]))"]
        for index in 0..<bounds.count - 1 {
            labels.append("\(Self.format(bounds[index]))–\(Self.format(bounds[index + 1]))")
        }
        labels.append("\(Self.format(bounds[bounds.count - 1]))+")
        return labels
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

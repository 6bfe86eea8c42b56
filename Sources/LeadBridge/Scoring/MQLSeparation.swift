/// How well the MQL rule separates converters from the rest: a confusion matrix with precision and recall.
public struct MQLSeparation: Sendable, Equatable, Codable {
    /// Qualified and converted.
    public var truePositives = 0
    /// Qualified, not converted.
    public var falsePositives = 0
    /// Converted without qualifying.
    public var falseNegatives = 0
    public var trueNegatives = 0

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0, trueNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.trueNegatives = trueNegatives
    }

    /// Contacts that met the MQL rule, converted or not.
    public var mqlCount: Int { truePositives + falsePositives }
    /// Of the qualified, the share that converted.
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    /// Of the converters, the share that qualified.
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// The conversion rate of everyone.
    public var baseRate: Double {
        ratio(truePositives + falseNegatives, truePositives + falsePositives + falseNegatives + trueNegatives)
    }
    /// How many times likelier a qualified contact converts than the average one.
    public var lift: Double { baseRate == 0 ? 0 : precision / baseRate }

    private func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    private enum CodingKeys: String, CodingKey {
        case truePositives, falsePositives, falseNegatives, trueNegatives, mqlCount, precision, recall, baseRate, lift
    }

    /// JSON: the four counts, and the MQL count, precision, recall, base rate and lift they give.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(truePositives, forKey: .truePositives)
        try container.encode(falsePositives, forKey: .falsePositives)
        try container.encode(falseNegatives, forKey: .falseNegatives)
        try container.encode(trueNegatives, forKey: .trueNegatives)
        try container.encode(mqlCount, forKey: .mqlCount)
        try container.encode(precision, forKey: .precision)
        try container.encode(recall, forKey: .recall)
        try container.encode(baseRate, forKey: .baseRate)
        try container.encode(lift, forKey: .lift)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            truePositives: try container.decode(Int.self, forKey: .truePositives),
            falsePositives: try container.decode(Int.self, forKey: .falsePositives),
            falseNegatives: try container.decode(Int.self, forKey: .falseNegatives),
            trueNegatives: try container.decode(Int.self, forKey: .trueNegatives))
    }
}

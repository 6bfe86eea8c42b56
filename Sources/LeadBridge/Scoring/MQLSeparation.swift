/// How well the MQL rule separates converters from the rest: a confusion matrix with precision and recall.
public struct MQLSeparation: Sendable, Equatable, Codable {
    /// Qualified and converted.
    public var truePositives = 0
    /// Qualified, not converted.
    public var falsePositives = 0
    /// Converted without qualifying.
    public var falseNegatives = 0
    public var trueNegatives = 0

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
}

/// When a lead is marketing-qualified: all three minimums must hold ("activity without fit is noise").
public struct MQLRule: Sendable, Equatable, Codable {
    /// Minimum total (fit + engagement).
    public var total: Double
    /// Minimum fit points.
    public var minFit: Double
    /// Minimum engagement points.
    public var minEngagement: Double

    public init(total: Double, minFit: Double, minEngagement: Double) {
        self.total = total
        self.minFit = minFit
        self.minEngagement = minEngagement
    }

    /// Whether scores meet every minimum.
    public func qualifies(fit: Double, engagement: Double, total: Double) -> Bool {
        total >= self.total && fit >= minFit && engagement >= minEngagement
    }
}

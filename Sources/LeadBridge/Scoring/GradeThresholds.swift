/// Minimum fit points for grades A, B and C; anything lower is D. Thresholds descend: `a > b > c`.
public struct GradeThresholds: Sendable, Equatable, Codable {
    public var a: Double
    public var b: Double
    public var c: Double

    public init(a: Double, b: Double, c: Double) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// The grade of a fit score.
    public func grade(fit: Double) -> Grade {
        if fit >= a { return .a }
        if fit >= b { return .b }
        if fit >= c { return .c }
        return .d
    }
}

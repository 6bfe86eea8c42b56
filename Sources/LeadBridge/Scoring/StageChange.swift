/// How many audited contacts one model puts in one stage and another model in another (`lead → mql: 12`).
public struct StageChange: Sendable, Equatable, Codable {
    /// The stage under the current model.
    public var from: String
    /// The stage under the candidate.
    public var to: String
    public var count: Int

    public init(from: String, to: String, count: Int) {
        self.from = from
        self.to = to
        self.count = count
    }
}

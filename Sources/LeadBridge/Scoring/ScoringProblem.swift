/// One problem found in a scoring file, at the place it concerns.
public struct ScoringProblem: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line, 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column, 0 when the problem concerns the whole file.
    public var column: Int
    /// What is wrong and what to write instead.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): \(message)" }
}

/// A scoring file that cannot be used: every problem found in it, each with its line and column.
///
/// Loading collects all problems instead of stopping at the first, so one edit round fixes the file.
/// Nothing is scored with a model that has problems; the CLI exits with code 2.
public struct ScoringModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file cannot be read.
        case unreadable
        /// The file is not valid YAML.
        case syntax
        /// The YAML is well formed but the model is not valid.
        case invalid
    }

    public var code: Code
    /// The file the problems are in, as given to the loader.
    public var file: String
    /// Every problem, in file order.
    public var problems: [ScoringProblem]

    public init(_ code: Code, file: String, problems: [ScoringProblem]) {
        self.code = code
        self.file = file
        self.problems = problems
    }

    /// One line per problem: `config/scoring.yml:12:5: unknown field "titel"; known fields: …`.
    public var description: String {
        problems.map { "\(file):\($0.line):\($0.column): \($0.message)" }.joined(separator: "\n")
    }
}

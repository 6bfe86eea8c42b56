import LeadBridge

/// Where the command line meets the scoring model: its default text and its check.
enum ScoringDefaults {
    static var yaml: String { ScoringModel.defaultYAML }

    /// Every problem in the scoring file, or none.
    static func check(path: String) -> [Diagnostic] {
        do {
            _ = try ScoringModel.load(path: path)
            return []
        } catch {
            return error.problems.map {
                Diagnostic(
                    file: error.file, line: $0.line > 0 ? $0.line : nil, column: $0.column > 0 ? $0.column : nil,
                    message: $0.message)
            }
        }
    }
}

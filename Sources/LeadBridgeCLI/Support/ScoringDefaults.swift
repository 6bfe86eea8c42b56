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
                Diagnostic(file: error.file, line: $0.line, column: $0.column, message: $0.message)
            }
        }
    }
}

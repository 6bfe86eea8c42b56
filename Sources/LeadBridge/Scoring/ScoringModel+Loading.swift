import Foundation

extension ScoringModel {
    /// Reads and validates a scoring file.
    ///
    /// - Parameter path: The file, e.g. `config/scoring.yml`; messages name it as given.
    /// - Throws: ``ScoringModelError`` listing every problem with its line and column.
    public static func load(path: String) throws(ScoringModelError) -> ScoringModel {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScoringModelError(.unreadable, file: path, problems: [
                ScoringProblem(line: 0, column: 0, message: "cannot read the scoring file (\(error)); "
                    + "check the path, or run `leadbridge init` to write the default model"),
            ])
        }
        return try ScoringModel(yaml: text, file: path)
    }

    /// Parses and validates scoring YAML.
    ///
    /// - Parameters:
    ///   - yaml: The file's text.
    ///   - file: The name messages use for it.
    /// - Throws: ``ScoringModelError`` listing every problem with its line and column.
    public init(yaml: String, file: String = "scoring.yml") throws(ScoringModelError) {
        var parser = ScoringModelParser()
        guard let model = parser.parse(yaml: yaml) else {
            let syntax = parser.problems.contains { $0.message.hasPrefix("YAML") }
            throw ScoringModelError(syntax ? .syntax : .invalid, file: file, problems: parser.problems)
        }
        self = model
    }
}

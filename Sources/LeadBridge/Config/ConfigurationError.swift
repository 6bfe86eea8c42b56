/// A configuration, mapping or model file that cannot be used, with every problem found in it.
///
/// Loading checks a whole file and reports all its problems at once, so that one `check` fixes a file.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.diagnostics = [Diagnostic(file: file, line: line, column: column, message: message)]
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

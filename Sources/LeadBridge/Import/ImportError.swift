/// Why an import could not start or could not go on. Record-level problems are not errors: they are rejects.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    /// The mapping names source fields the file does not have (a typo, or the wrong mapping).
    case mappingMismatch(ConfigurationError)
    /// The database failed; batches committed before it stay.
    case store(StoreError)

    /// The mapping mismatch a source found only by reading (an XML export in which the mapping's record element
    /// never occurs), as the error the CSV header check gives; nil for any other source error.
    public static func mappingMismatch(foundBy error: SourceError?) -> ImportError? {
        guard let error, error.code == .mismatch else { return nil }
        return .mappingMismatch(
            ConfigurationError(file: error.source, line: error.line, column: error.column, error.message))
    }

    public var description: String {
        switch self {
        case .mappingMismatch(let error): error.description
        case .store(let error): error.description
        }
    }
}

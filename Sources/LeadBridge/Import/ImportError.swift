/// Why an import could not start or could not go on. Record-level problems are not errors: they are rejects.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    /// The mapping names source fields the file does not have (a typo, or the wrong mapping).
    case mappingMismatch(ConfigurationError)
    /// The database failed; batches committed before it stay.
    case store(StoreError)

    public var description: String {
        switch self {
        case .mappingMismatch(let error): error.description
        case .store(let error): error.description
        }
    }
}

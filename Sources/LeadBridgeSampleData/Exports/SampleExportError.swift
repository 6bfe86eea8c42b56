/// Writing a sample export failed: the file could not be created or written, or the request cannot be met.
public struct SampleExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file being written.
    public var path: String
    /// What went wrong, with the system's reason where there is one.
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

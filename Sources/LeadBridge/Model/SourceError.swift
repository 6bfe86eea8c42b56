/// A problem reading a source that stops reading it: the records delivered before it stay valid.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file cannot be opened or read.
        case unreadable
        /// The format is broken beyond the current record (truncated XML, unterminated quoted CSV field at EOF,
        /// invalid JSON structure).
        case malformed
        /// The input tries something dangerous: external entities, entity expansion, a DTD.
        case hostile
        /// The format is not one LeadBridge reads, or the file does not match the format asked for.
        case unsupportedFormat
        /// The source does not hold what the mapping reads (an XML export without the mapping's record element):
        /// nothing was read from it. Fix the mapping.
        case mismatch
    }

    public var code: Code
    public var message: String
    /// The file (or endpoint) and, where known, the line and column.
    public var source: String
    public var line: Int?
    public var column: Int?

    public init(_ code: Code, _ message: String, source: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.source = source
        self.line = line
        self.column = column
    }

    public var description: String {
        var place = source
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(message)"
    }
}

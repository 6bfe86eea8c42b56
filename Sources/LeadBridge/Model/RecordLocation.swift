/// Where a raw record came from, for error messages and reject reports: a file and line, or an endpoint and index.
public struct RecordLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file path or endpoint the record was read from.
    public var source: String
    /// The 1-based line the record starts on, where the format has lines.
    public var line: Int?
    /// The 1-based position of the record in its source (data rows only, headers excluded).
    public var index: Int

    public init(source: String, line: Int? = nil, index: Int) {
        self.source = source
        self.line = line
        self.index = index
    }

    public var description: String {
        if let line { return "\(source):\(line)" }
        return "\(source) record #\(index)"
    }
}

extension Diagnostic {
    /// A diagnostic at a place as mapping rules keep it, `file:line:column` (the file's path may contain colons).
    public init(at position: String, message: String) {
        let parts = position.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else {
            self.init(file: position, message: message)
            return
        }
        self.init(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column, message: message)
    }
}

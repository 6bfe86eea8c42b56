extension FieldMapping {
    /// Checks the mapping's source fields against the fields a source declares (a CSV header).
    ///
    /// - Returns: an error naming each field the mapping reads that the source lacks, with where the mapping
    ///   names it, the nearest column and the source's columns; nil when all are there.
    public func missingSourceFields(_ declared: [String], stream: ImportStream, source: String)
        -> ConfigurationError?
    {
        let available = Set(declared)
        let wanted = stream == .contacts ? contactSourceFields : activitySourceFields
        var seen = Set<String>()
        var diagnostics: [Diagnostic] = []
        for (field, position) in wanted where !available.contains(field) && seen.insert(field).inserted {
            let parts = position.split(separator: ":")
            let columns = declared.prefix(30).joined(separator: ", ") + (declared.count > 30 ? ", …" : "")
            diagnostics.append(Diagnostic(
                file: parts.dropLast(2).joined(separator: ":"), line: parts.count >= 3 ? Int(parts[parts.count - 2]) : nil,
                column: parts.count >= 3 ? Int(parts[parts.count - 1]) : nil,
                message: "source field `\(field)` is not a column of \(source)"
                    + "\(Suggestion.didYouMean(field, in: declared)); its columns: \(columns)"))
        }
        return diagnostics.isEmpty ? nil : ConfigurationError(diagnostics)
    }
}

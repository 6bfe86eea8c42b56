import LeadBridge

extension CSVReader {
    /// The header row: a mapping that reads another column is refused before anything is imported.
    public var declaredFields: [String]? { header }
}

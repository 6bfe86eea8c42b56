/// A dry run of a connection's mapping over a source: the `preview` job. Writes nothing and records no run.
///
/// ```swift
/// var reader = try ExportSource.open(path: "leads.csv", mapping: mapping, stream: .contacts)
/// let preview = try PreviewJob(mapping: mapping, connection: "salesforce_export", source: "leads.csv")
///     .run(reader: &reader)
/// ```
public struct PreviewJob: Sendable {
    public var mapping: FieldMapping
    /// The connection's name, the `system` records are mapped for.
    public var connection: String
    public var stream: ImportStream
    /// The file, as a mismatch names it.
    public var source: String
    /// Records shown side by side.
    public var limit: Int
    /// Records counted for the totals (nil: the whole source).
    public var scanLimit: Int?

    public init(
        mapping: FieldMapping, connection: String, stream: ImportStream = .contacts, source: String, limit: Int = 5,
        scanLimit: Int? = nil
    ) {
        self.mapping = mapping
        self.connection = connection
        self.stream = stream
        self.source = source
        self.limit = limit
        self.scanLimit = scanLimit
    }

    /// Previews the mapping over `reader`.
    ///
    /// - Throws: ``ImportError/mappingMismatch(_:)`` when the mapping names fields the source declares it does not
    ///   have (the check `import` makes before it stores anything).
    public func run<Reader: RecordReader>(reader: inout Reader) throws(ImportError) -> MappingPreview {
        if let declared = reader.declaredFields,
            let mismatch = mapping.missingSourceFields(declared, stream: stream, source: source)
        {
            throw .mappingMismatch(mismatch)
        }
        return MappingPreview.run(
            reader: &reader, mapping: mapping, stream: stream, connection: connection, limit: limit,
            scanLimit: scanLimit)
    }
}

import LeadBridge

/// Opens export files with the reader their format needs.
///
/// ```swift
/// var reader = try ExportFileReader.open(path: "prospects.xml", xmlRecordElement: "prospect")
/// while let item = try reader.next() {
///     switch item {
///     case .record(let record): print(record["email"] ?? "-")
///     case .rejected(let rejection): print(rejection)
///     }
/// }
/// ```
public enum ExportFileReader {
    /// A streaming reader over the export file at `path`.
    ///
    /// - Parameters:
    ///   - path: the export file.
    ///   - format: the format; detected from the extension (and, for `.json`, the first byte) when nil.
    ///   - xmlRecordElement: for XML, the name of the elements that are records (`prospect`); when nil, the first
    ///     element with element children under the document element or under a `result` element.
    ///   - csvDelimiter: for CSV, the field delimiter.
    ///   - csvKeyField: for CSV, the column holding each record's key, for the external id of rejected rows.
    /// - Throws: ``SourceError`` when the format cannot be told or the file cannot be opened or starts badly.
    public static func open(
        path: String,
        format: ExportFormat? = nil,
        xmlRecordElement: String? = nil,
        csvDelimiter: CSVReader.Delimiter = .comma,
        csvKeyField: String? = nil
    ) throws(SourceError) -> any RecordReader {
        let resolved: ExportFormat
        if let format {
            resolved = format
        } else {
            resolved = try ExportFormat.detect(path: path)
        }
        switch resolved {
        case .csv: return try CSVReader(path: path, delimiter: csvDelimiter, keyField: csvKeyField)
        case .ndjson: return try NDJSONReader(path: path)
        case .jsonArray: return try JSONArrayReader(path: path)
        case .xml: return try XMLExportReader(path: path, recordElement: xmlRecordElement)
        }
    }
}

import LeadBridge

/// Opens an export file the way a connection's mapping says it is laid out.
public enum ExportSource {
    /// A reader for `path`: the XML record element is the mapping's `format.xml_record`, else the object of the
    /// stream (`prospect`, `visitor_activity`); the CSV delimiter is the mapping's `format.delimiter`, and a
    /// rejected CSV row's external id is read from the column of the mapping's key.
    public static func open(
        path: String, mapping: FieldMapping, stream: ImportStream, format: ExportFormat? = nil
    ) throws(SourceError) -> any RecordReader {
        let element = mapping.xmlRecordElement
            ?? (stream == .contacts ? mapping.object : mapping.activities?.object)
        let delimiter: CSVReader.Delimiter =
            switch mapping.csvDelimiter {
            case UInt8(ascii: ";"): .semicolon
            case UInt8(ascii: "\t"): .tab
            default: .comma
            }
        let key = stream == .contacts ? mapping.key : mapping.activities?.key
        return try ExportFileReader.open(
            path: path, format: format, xmlRecordElement: element?.isEmpty == false ? element : nil,
            csvDelimiter: delimiter, csvKeyField: key.flatMap { $0.sourceFields.count == 1 ? $0.sourceFields[0] : nil })
    }
}

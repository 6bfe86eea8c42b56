/// The CSV of Bulk API 2.0 ingest jobs: RFC 4180 fields separated by the job's `columnDelimiter`, rows ended by
/// its `lineEnding`; a field holding the delimiter, a quote or a line break is quoted, quotes doubled. Field values
/// are not trimmed.
/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_prepare_csv.htm
enum SalesforceIngestCSV {
    enum LineEnding: String, Sendable {
        case lf = "LF", crlf = "CRLF"
    }

    /// `columnDelimiter` names and their characters.
    static let delimiters: [String: UInt8] = [
        "COMMA": UInt8(ascii: ","), "TAB": UInt8(ascii: "\t"), "PIPE": UInt8(ascii: "|"),
        "SEMICOLON": UInt8(ascii: ";"), "CARET": UInt8(ascii: "^"), "BACKQUOTE": UInt8(ascii: "`"),
    ]

    enum ParseError: Error, Equatable {
        /// A row ends with a line break other than the job's `lineEnding`.
        case lineEnding
        /// A quoted field runs to the end of the data.
        case unterminatedQuote(row: Int)
        /// Text follows a quoted field's closing quote (`"John", "Smith"`).
        case strayQuote(row: Int)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// The rows of `bytes` (the header included); an empty last line is not a row.
    static func parse(_ bytes: [UInt8], delimiter: UInt8, lineEnding: LineEnding) throws(ParseError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var index = 0
        let end = bytes.count
        var atFieldStart = true
        func finishField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            atFieldStart = true
        }
        while index < end {
            let byte = bytes[index]
            if atFieldStart, byte == quote {
                // A quoted field: up to the closing quote, doubled quotes standing for one.
                var cursor = index + 1
                while true {
                    guard cursor < end else { throw .unterminatedQuote(row: rows.count + 1) }
                    if bytes[cursor] == quote {
                        if cursor + 1 < end, bytes[cursor + 1] == quote {
                            field.append(quote)
                            cursor += 2
                            continue
                        }
                        break
                    }
                    field.append(bytes[cursor])
                    cursor += 1
                }
                index = cursor + 1
                atFieldStart = false
                if index < end, bytes[index] != delimiter, bytes[index] != lineFeed, bytes[index] != carriageReturn {
                    throw .strayQuote(row: rows.count + 1)
                }
                continue
            }
            atFieldStart = false
            if byte == delimiter {
                finishField()
                index += 1
            } else if byte == lineFeed || (byte == carriageReturn && index + 1 < end && bytes[index + 1] == lineFeed) {
                let isCRLF = byte == carriageReturn
                guard isCRLF == (lineEnding == .crlf) else { throw .lineEnding }
                finishField()
                rows.append(row)
                row = []
                index += isCRLF ? 2 : 1
            } else {
                field.append(byte)
                index += 1
            }
        }
        if !atFieldStart || !field.isEmpty || !row.isEmpty {
            finishField()
            rows.append(row)
        }
        return rows
    }

    /// One row: every field quoted, as Salesforce writes its result files.
    static func quotedRow(_ fields: [String]) -> String {
        fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
    }

    /// One row with the fields quoted only where the format needs it (the uploaded header, echoed in results).
    static func plainRow(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }
}

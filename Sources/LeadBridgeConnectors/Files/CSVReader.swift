import LeadBridge

/// Streams the records of an RFC 4180 CSV export: the first row names the fields.
///
/// Quoted fields may hold delimiters, `""` (a quote) and line breaks; lines end with CRLF, LF or CR; a UTF-8 byte
/// order mark is skipped; blank lines are skipped; an empty field is absent from the record. Parsing works on bytes
/// in one fixed-size buffer, so memory does not grow with the file.
///
/// - A row with the wrong number of fields is returned as a `csv.column_count` rejection, a row with a byte that
///   is not UTF-8 as `encoding.utf8`, a quoted field with text after its closing quote as `csv.quote`; reading goes
///   on with the next row. The rejection keeps the row's bytes (``RecordRejection/raw``) and, when the key column
///   is named and its value in the row is readable, the record's key.
/// - A quote still open at the end of the file throws ``SourceError/Code/malformed`` naming the line it opened on.
///
/// ```swift
/// var reader = try CSVReader(path: "contacts.csv")
/// while let item = try reader.next() {
///     if case .record(let record) = item { print(record["Email"] ?? "-") }
/// }
/// ```
public struct CSVReader: RecordReader {
    /// The field names, from the header row, in column order.
    public private(set) var header: [String]
    /// The delimiter the file is read with.
    public let delimiter: Delimiter

    private let input: ChunkedFileInput
    private var scanner: CSVRowScanner
    /// The line the next row starts on.
    private var line = 1
    /// Data rows read so far, rejected ones included.
    private var rowCount = 0
    private var unescapeBuffer: [UInt8] = []
    /// The key column, for the external id of rejected rows.
    private var keyColumn: Int?
    /// Slot `n` is column `n`.
    private var fields = RecordFieldsBuilder()

    /// Opens a CSV file and reads its header row.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - delimiter: the field delimiter; a comma unless the export says otherwise.
    ///   - keyField: the column holding each record's key, read into the external id of rejected rows.
    /// - Throws: ``SourceError/Code/unreadable`` when the file cannot be read; ``SourceError/Code/malformed`` when
    ///   the file is empty or its header has empty, repeated or non-UTF-8 names;
    ///   ``SourceError/Code/unsupportedFormat`` when it is UTF-16.
    public init(path: String, delimiter: Delimiter = .comma, keyField: String? = nil) throws(SourceError) {
        self.delimiter = delimiter
        input = try ChunkedFileInput(path: path)
        scanner = CSVRowScanner(delimiter: delimiter.byte)
        header = []
        try input.skipByteOrderMark()
        header = try readHeader()
        for name in header { _ = fields.slot(for: name) }
        keyColumn = keyField.flatMap { header.firstIndex(of: $0) }
    }

    /// The next record or rejection, or nil after the last row.
    public mutating func next() throws(SourceError) -> ReadItem? {
        while let row = try scanNextRow() {
            let rowLine = line
            line += row.lineBreaks
            if scanner.isBlankRow {
                input.consume(upTo: row.next)
                continue
            }
            rowCount += 1
            let item = makeItem(row, location: RecordLocation(source: input.path, line: rowLine, index: rowCount))
            input.consume(upTo: row.next)
            return item
        }
        return nil
    }

    // MARK: - Rows

    private struct ScannedRow {
        var start: Int
        var next: Int
        var lineBreaks: Int
    }

    private mutating func scanNextRow() throws(SourceError) -> ScannedRow? {
        while true {
            let start = input.start
            if start == input.end {
                if try !input.readMore(recordLine: line) { return nil }
                continue
            }
            let outcome = scanner.scanRow(input.bytes.baseAddress!, from: start, end: input.end,
                                          isFinal: input.reachedEndOfFile)
            switch outcome {
            case .row(let next, let lineBreaks):
                return ScannedRow(start: start, next: next, lineBreaks: lineBreaks)
            case .needMoreBytes:
                _ = try input.readMore(recordLine: line)
            case .unterminatedQuote(let lineBreaksBefore):
                throw SourceError(.malformed, "the quoted field that opens on this line is never closed: the file "
                    + "ends inside it. Close the quote (a quote inside a quoted field is written twice, \"\") or "
                    + "re-export the file", source: input.path, line: line + lineBreaksBefore)
            }
        }
    }

    private mutating func makeItem(_ row: ScannedRow, location: RecordLocation) -> ReadItem {
        let spans = scanner.spans
        guard spans.count == header.count else {
            return .rejected(rejection(row, code: "csv.column_count", message: "the row has \(spans.count) "
                + "field\(spans.count == 1 ? "" : "s") but the header has \(header.count) columns: quote any field "
                + "that contains the \(delimiter.displayName) delimiter or a line break, and give every row one value "
                + "per column (empty for none)", location: location))
        }
        if let stray = scanner.strayQuoteField {
            return .rejected(rejection(row, code: "csv.quote", message: "field \(stray + 1) (\(header[stray])) has "
                + "text after its closing quote: quote the whole field, writing each quote inside it twice (\"\")",
                location: location))
        }
        let base = input.bytes.baseAddress!
        let isASCII = UTF8Validation.isASCII(UnsafeBufferPointer(start: base + row.start, count: row.next - row.start))
        fields.beginRecord()
        for column in 0..<spans.count {
            let span = spans[column]
            guard span.end > span.start else { continue }
            let bytes = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
            if !isASCII, let bad = UTF8Validation.firstInvalidByte(in: bytes) {
                fields.discardRecord()
                let offset = input.fileOffset(of: span.start + bad)
                let hex = String(bytes[bad], radix: 16, uppercase: true)
                return .rejected(rejection(row, code: "encoding.utf8", message: "field \(column + 1) "
                    + "(\(header[column])) has a byte that is not UTF-8 (0x\(hex)) at byte offset \(offset) of the "
                    + "file: re-export the file as UTF-8 (accented letters in Latin-1 or Windows-1252 look like this)",
                    location: location))
            }
            let value = span.hasDoubledQuotes ? unescaped(bytes) : String(decoding: bytes, as: UTF8.self)
            fields.set(value, slot: column)
        }
        return .record(RawRecord(fields.finishRecord(), location: location))
    }

    /// A rejection of `row`, keeping its bytes (without the line break) and, when it can be read, its key.
    private mutating func rejection(
        _ row: ScannedRow, code: String, message: String, location: RecordLocation
    ) -> RecordRejection {
        let base = input.bytes.baseAddress!
        var end = row.next
        while end > row.start, base[end - 1] == UInt8(ascii: "\n") || base[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var key: String?
        if let keyColumn, keyColumn < scanner.spans.count {
            let span = scanner.spans[keyColumn]
            let bytes = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
            if !bytes.isEmpty, UTF8Validation.firstInvalidByte(in: bytes) == nil {
                key = span.hasDoubledQuotes ? unescaped(bytes) : String(decoding: bytes, as: UTF8.self)
            }
        }
        return RecordRejection(code: code, message: message, location: location, externalID: key,
                               raw: Array(UnsafeBufferPointer(start: base + row.start, count: end - row.start)))
    }

    /// The field with each doubled quote (`""`) made single.
    private mutating func unescaped(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        unescapeBuffer.removeAll(keepingCapacity: true)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            unescapeBuffer.append(byte)
            index += byte == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: unescapeBuffer, as: UTF8.self)
    }

    // MARK: - Start of file

    private mutating func readHeader() throws(SourceError) -> [String] {
        guard let row = try scanNextRow() else {
            throw SourceError(.malformed, "the file is empty: a CSV export starts with a header row naming its "
                + "columns", source: input.path, line: 1)
        }
        let base = input.bytes.baseAddress!
        var names: [String] = []
        var problems: [String] = []
        var firstColumn: [String: Int] = [:]
        for (column, span) in scanner.spans.enumerated() {
            let bytes = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
            if let bad = UTF8Validation.firstInvalidByte(in: bytes) {
                throw SourceError(.malformed, "header column \(column + 1) has a byte that is not UTF-8 at byte "
                    + "offset \(input.fileOffset(of: span.start + bad)): re-export the file as UTF-8",
                    source: input.path, line: 1)
            }
            let name = span.hasDoubledQuotes ? unescaped(bytes) : String(decoding: bytes, as: UTF8.self)
            if name.isEmpty {
                problems.append("column \(column + 1) has no name")
            } else if let first = firstColumn[name] {
                problems.append("\"\(name)\" names columns \(first) and \(column + 1)")
            } else {
                firstColumn[name] = column + 1
            }
            names.append(name)
        }
        if scanner.strayQuoteField != nil {
            problems.append("a quoted name has text after its closing quote")
        }
        guard problems.isEmpty else {
            throw SourceError(.malformed, "the header row must give every column a distinct name: "
                + problems.joined(separator: "; ") + ". Rename the columns in the export (is the delimiter "
                + "\(delimiter.displayName) right?)", source: input.path, line: 1)
        }
        line += row.lineBreaks
        input.consume(upTo: row.next)
        return names
    }
}

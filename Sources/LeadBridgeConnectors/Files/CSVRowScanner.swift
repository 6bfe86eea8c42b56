/// Finds the fields of one RFC 4180 row in a byte buffer, without copying: each field is a byte range.
///
/// A row that runs past the bytes at hand is reported as ``Outcome/needMoreBytes``; the caller reads more and scans
/// the row again from its start (rows are tiny next to the buffer, so rescanning costs nothing measurable).
struct CSVRowScanner {
    /// One field's bytes: `start..<end`, without its quotes; `hasDoubledQuotes` when `""` must become `"`.
    struct Span {
        var start: Int
        var end: Int
        var hasDoubledQuotes: Bool
        var isQuoted: Bool
    }

    enum Outcome: Equatable {
        /// A whole row: the next row starts at `next`; `lineBreaks` counts the line ends it spans, its own included.
        case row(next: Int, lineBreaks: Int)
        /// The row continues past the bytes at hand.
        case needMoreBytes
        /// End of file inside a quoted field that opened `lineBreaksBefore` lines below the row's first line.
        case unterminatedQuote(lineBreaksBefore: Int)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    let delimiter: UInt8
    /// The fields of the last row scanned.
    private(set) var spans: [Span] = []
    /// The 0-based field index of the first quoted field with text after its closing quote, in the last row.
    private(set) var strayQuoteField: Int?

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        spans.reserveCapacity(64)
    }

    /// Scans the row starting at `from`.
    ///
    /// - Parameter isFinal: true when `end` is the end of the file, so a row may end there without a line break.
    mutating func scanRow(_ bytes: UnsafePointer<UInt8>, from: Int, end: Int, isFinal: Bool) -> Outcome {
        spans.removeAll(keepingCapacity: true)
        strayQuoteField = nil
        var index = from
        var lineBreaks = 0
        while true {
            var fieldEnd: Int
            if index < end, bytes[index] == Self.quote {
                let opensAfter = lineBreaks
                let contentStart = index + 1
                var cursor = contentStart
                var doubled = false
                while true {
                    guard cursor < end else {
                        return isFinal ? .unterminatedQuote(lineBreaksBefore: opensAfter) : .needMoreBytes
                    }
                    let byte = bytes[cursor]
                    if byte == Self.quote {
                        if cursor + 1 < end, bytes[cursor + 1] == Self.quote {
                            doubled = true
                            cursor += 2
                            continue
                        }
                        if cursor + 1 == end, !isFinal { return .needMoreBytes }
                        break
                    }
                    if byte == Self.lineFeed { lineBreaks += 1 }
                    cursor += 1
                }
                spans.append(Span(start: contentStart, end: cursor, hasDoubledQuotes: doubled, isQuoted: true))
                fieldEnd = cursor + 1
                if fieldEnd < end, !isFieldEnd(bytes[fieldEnd]) {
                    if strayQuoteField == nil { strayQuoteField = spans.count - 1 }
                    fieldEnd = skipToFieldEnd(bytes, from: fieldEnd, end: end)
                    if fieldEnd == end, !isFinal { return .needMoreBytes }
                }
            } else {
                fieldEnd = skipToFieldEnd(bytes, from: index, end: end)
                if fieldEnd == end, !isFinal { return .needMoreBytes }
                spans.append(Span(start: index, end: fieldEnd, hasDoubledQuotes: false, isQuoted: false))
            }
            guard fieldEnd < end else { return .row(next: end, lineBreaks: lineBreaks) }
            let byte = bytes[fieldEnd]
            if byte == delimiter {
                index = fieldEnd + 1
                continue
            }
            if byte == Self.lineFeed { return .row(next: fieldEnd + 1, lineBreaks: lineBreaks + 1) }
            // A carriage return: CRLF, or a lone CR as old Mac files end lines.
            if fieldEnd + 1 == end, !isFinal { return .needMoreBytes }
            let next = fieldEnd + 1 < end && bytes[fieldEnd + 1] == Self.lineFeed ? fieldEnd + 2 : fieldEnd + 1
            return .row(next: next, lineBreaks: lineBreaks + 1)
        }
    }

    /// True when the last row scanned is a blank line (one empty, unquoted field).
    var isBlankRow: Bool {
        spans.count == 1 && !spans[0].isQuoted && spans[0].start == spans[0].end
    }

    private func isFieldEnd(_ byte: UInt8) -> Bool {
        byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn
    }

    private func skipToFieldEnd(_ bytes: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var cursor = from
        let delimiter = self.delimiter
        while cursor < end {
            let byte = bytes[cursor]
            if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
            cursor += 1
        }
        return cursor
    }
}

import LeadBridge

/// Streams the records of an export that is one JSON array of objects, element by element.
///
/// A small scanner finds each element's bytes (tracking strings, escapes and nesting) and only that element is
/// parsed and flattened, so memory stays at one buffer however long the array is. Flattening is as in
/// ``NDJSONReader``.
///
/// - An element that is not a JSON object, or not valid JSON, is returned as a `json.invalid` rejection and
///   reading goes on with the next element.
/// - A file that is not an array, an array cut off before its closing `]`, or a missing comma between elements
///   throws ``SourceError/Code/malformed``; the records returned before it are valid.
public struct JSONArrayReader: RecordReader {
    private enum Position {
        case beforeArray, firstElement, elementAfterComma, afterElement, afterArray, finished
    }

    private let input: ChunkedFileInput
    private var flattener = JSONFlattener()
    private var position = Position.beforeArray
    /// The line of `input.start`.
    private var line = 1
    private var itemCount = 0

    /// Opens a file holding one JSON array.
    ///
    /// - Throws: ``SourceError/Code/unreadable`` when the file cannot be opened.
    public init(path: String) throws(SourceError) {
        input = try ChunkedFileInput(path: path)
        try input.skipByteOrderMark()
    }

    /// The next record or rejection, or nil after the closing `]`.
    public mutating func next() throws(SourceError) -> ReadItem? {
        while true {
            switch position {
            case .finished:
                return nil
            case .beforeArray:
                guard let first = try skipWhitespace() else {
                    throw SourceError(.malformed, "the file is empty: expected a JSON array of objects",
                                      source: input.path, line: line)
                }
                guard first == UInt8(ascii: "[") else {
                    throw SourceError(.malformed, "expected a JSON array ('[') of objects but the file starts with "
                        + "'\(Character(Unicode.Scalar(first)))'; is it newline-delimited JSON (.ndjson)?",
                        source: input.path, line: line)
                }
                input.consume(upTo: input.start + 1)
                position = .firstElement
            case .firstElement, .elementAfterComma:
                guard let next = try skipWhitespace() else { throw truncated() }
                if next == UInt8(ascii: "]") {
                    guard position == .firstElement else {
                        throw structural("a ',' is followed by ']': remove the comma after the last element")
                    }
                    input.consume(upTo: input.start + 1)
                    position = .afterArray
                    continue
                }
                position = .afterElement
                return try readElement()
            case .afterElement:
                guard let next = try skipWhitespace() else { throw truncated() }
                if next == UInt8(ascii: ",") {
                    position = .elementAfterComma
                } else if next == UInt8(ascii: "]") {
                    position = .afterArray
                } else {
                    throw structural("expected ',' or ']' after element \(itemCount) but found "
                        + "'\(Character(Unicode.Scalar(next)))'")
                }
                input.consume(upTo: input.start + 1)
            case .afterArray:
                if let extra = try skipWhitespace() {
                    throw structural("unexpected '\(Character(Unicode.Scalar(extra)))' after the array's closing ']'")
                }
                position = .finished
            }
        }
    }

    // MARK: - Elements

    private mutating func readElement() throws(SourceError) -> ReadItem {
        let elementLine = line
        while true {
            let base = input.bytes.baseAddress!
            if let (end, lineFeeds) = Self.scanElement(base, from: input.start, end: input.end) {
                let bytes = UnsafeBufferPointer(start: base + input.start, count: end - input.start)
                itemCount += 1
                let location = RecordLocation(source: input.path, line: elementLine, index: itemCount)
                let item: ReadItem
                do throws(JSONFlattener.Failure) {
                    item = .record(RawRecord(try flattener.flattenObject(bytes), location: location))
                } catch {
                    let (lineFeedsBefore, column) = ByteLines.position(of: error.offset, in: bytes)
                    item = .rejected(RecordRejection(code: error.code, message: "line \(elementLine + lineFeedsBefore) "
                        + "column \(column): \(error.message). Each element of the array must be one JSON object",
                        location: location, raw: Array(bytes)))
                }
                line += lineFeeds
                input.consume(upTo: end)
                return item
            }
            guard try input.readMore(recordLine: elementLine) else { throw truncated() }
        }
    }

    /// The end of the element starting at `from` and the line feeds inside it, or nil when it runs past `end`.
    ///
    /// Objects and arrays end at their matching bracket (brackets inside strings do not count); anything else
    /// ends before the next `,`, `]`, `}` or white space, and is left to the parser to reject.
    static func scanElement(_ bytes: UnsafePointer<UInt8>, from: Int, end: Int) -> (end: Int, lineFeeds: Int)? {
        var index = from
        var lineFeeds = 0
        let first = bytes[from]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            var depth = 0
            var inString = false
            while index < end {
                let byte = bytes[index]
                if inString {
                    if byte == UInt8(ascii: "\\") {
                        index += 2
                        continue
                    }
                    if byte == UInt8(ascii: "\"") { inString = false }
                } else {
                    switch byte {
                    case UInt8(ascii: "\""): inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { return (index + 1, lineFeeds) }
                    default: break
                    }
                }
                if byte == UInt8(ascii: "\n") { lineFeeds += 1 }
                index += 1
            }
            return nil
        }
        if first == UInt8(ascii: "\"") {
            index += 1
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { return (index + 1, lineFeeds) }
                if byte == UInt8(ascii: "\n") { lineFeeds += 1 }
                index += 1
            }
            return nil
        }
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: " "), UInt8(ascii: "\n"),
                 UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                return (index, lineFeeds)
            default: index += 1
            }
        }
        return nil
    }

    // MARK: - Between elements

    /// Skips white space (reading more as needed) and returns the next byte without consuming it; nil at end of file.
    private mutating func skipWhitespace() throws(SourceError) -> UInt8? {
        while true {
            let base = input.bytes.baseAddress!
            var index = input.start
            let end = input.end
            while index < end {
                switch base[index] {
                case UInt8(ascii: "\n"):
                    line += 1
                    index += 1
                case UInt8(ascii: " "), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                    index += 1
                default:
                    input.consume(upTo: index)
                    return base[index]
                }
            }
            input.consume(upTo: index)
            guard try input.readMore(recordLine: line) else { return nil }
        }
    }

    private func truncated() -> SourceError {
        SourceError(.malformed, "the file ends inside the JSON array, after \(itemCount) complete element"
            + "\(itemCount == 1 ? "" : "s") and before the closing ']': the export was probably cut off; export it "
            + "again", source: input.path, line: line)
    }

    private func structural(_ message: String) -> SourceError {
        SourceError(.malformed, "the JSON array is broken: \(message)", source: input.path, line: line)
    }
}

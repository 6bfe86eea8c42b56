#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LeadBridge

/// Streams the records of a newline-delimited JSON export (`.ndjson`, `.jsonl`): one JSON object per line.
///
/// Each object is flattened: nested objects become dotted names (`properties.email`), numbers keep the text they
/// were written with, `true`/`false` become text, `null` is absent, and arrays of scalars are joined with `;`.
/// Blank lines are skipped. A line that is not one JSON object is returned as a `json.invalid` rejection (a string
/// with bytes that are not UTF-8 as `encoding.utf8`) and reading goes on with the next line.
///
/// ```swift
/// var reader = try NDJSONReader(path: "hubspot-contacts.ndjson")
/// while let item = try reader.next() {
///     if case .record(let record) = item { print(record["properties.email"] ?? "-") }
/// }
/// ```
public struct NDJSONReader: RecordReader {
    private let input: ChunkedFileInput
    private var flattener = JSONFlattener()
    /// The number of the last line read.
    private var line = 0
    private var itemCount = 0

    /// Opens a newline-delimited JSON file.
    ///
    /// - Throws: ``SourceError/Code/unreadable`` when the file cannot be opened.
    public init(path: String) throws(SourceError) {
        input = try ChunkedFileInput(path: path)
        try input.skipByteOrderMark()
    }

    /// The next record or rejection, or nil after the last line.
    public mutating func next() throws(SourceError) -> ReadItem? {
        while let (lineEnd, next) = try nextLine() {
            line += 1
            let start = input.start
            let bytes = UnsafeBufferPointer(start: input.bytes.baseAddress! + start, count: lineEnd - start)
            defer { input.consume(upTo: next) }
            if isBlank(bytes) { continue }
            itemCount += 1
            let location = RecordLocation(source: input.path, line: line, index: itemCount)
            do throws(JSONFlattener.Failure) {
                return .record(RawRecord(try flattener.flattenObject(bytes), location: location))
            } catch {
                return .rejected(RecordRejection(code: error.code, message: "column \(error.offset + 1): "
                    + "\(error.message). Each line must hold one JSON object; fix or remove the line",
                    location: location, raw: Array(bytes)))
            }
        }
        return nil
    }

    /// The end of the current line (before its line feed) and where the next one starts; nil at end of file.
    private func nextLine() throws(SourceError) -> (end: Int, next: Int)? {
        var searchFrom = 0
        while true {
            let start = input.start
            let available = input.end - start
            if available > searchFrom,
               let found = memchr(input.bytes.baseAddress! + start + searchFrom, Int32(UInt8(ascii: "\n")),
                                  available - searchFrom) {
                let lineEnd = input.bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                return (lineEnd, lineEnd + 1)
            }
            searchFrom = available
            if try !input.readMore(recordLine: line + 1) {
                return available > 0 ? (input.end, input.end) : nil
            }
        }
    }

    private func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }
}

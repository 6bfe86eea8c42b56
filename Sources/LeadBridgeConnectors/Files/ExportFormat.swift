#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LeadBridge

/// The export file formats LeadBridge reads.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 4180 comma-separated values with a header row.
    case csv
    /// Newline-delimited JSON: one object per line.
    case ndjson
    /// One JSON array of objects.
    case jsonArray = "json"
    /// XML whose records are repeated elements (Pardot's `<prospect>`, `<visitor_activity>`).
    case xml

    /// The format a file's extension names; for `.json`, the first byte that is not white space decides:
    /// `[` is an array, `{` is newline-delimited JSON.
    ///
    /// - Throws: ``SourceError/Code/unsupportedFormat`` for other extensions or a `.json` file that starts with
    ///   neither; ``SourceError/Code/unreadable`` when a `.json` file cannot be read.
    public static func detect(path: String) throws(SourceError) -> ExportFormat {
        let parts = (path.split(separator: "/").last ?? "").split(separator: ".", omittingEmptySubsequences: false)
        let fileExtension = parts.count > 1 ? parts[parts.count - 1].lowercased() : ""
        switch fileExtension {
        case "csv": return .csv
        case "ndjson", "jsonl": return .ndjson
        case "xml": return .xml
        case "json": return try sniffJSON(path: path)
        default:
            throw SourceError(.unsupportedFormat, "cannot tell the format from the extension "
                + "\(fileExtension.isEmpty ? "(none)" : "'.\(fileExtension)'"): name the file .csv, .ndjson, .jsonl, "
                + ".json or .xml, or give the format explicitly", source: path)
        }
    }

    private static func sniffJSON(path: String) throws(SourceError) -> ExportFormat {
        let input = try ChunkedFileInput(path: path, chunkSize: 4096)
        try input.skipByteOrderMark()
        while true {
            let bytes = input.bytes
            var index = input.start
            while index < input.end {
                switch bytes[index] {
                case UInt8(ascii: "["): return .jsonArray
                case UInt8(ascii: "{"): return .ndjson
                case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
                default:
                    throw SourceError(.unsupportedFormat, "a .json export must start with '[' (an array of objects) "
                        + "or '{' (one object per line), not '\(Character(Unicode.Scalar(bytes[index])))'",
                        source: path, line: 1)
                }
            }
            input.consume(upTo: input.end)
            guard try input.readMore(recordLine: 1) else {
                throw SourceError(.unsupportedFormat, "the .json file is empty", source: path, line: 1)
            }
        }
    }
}

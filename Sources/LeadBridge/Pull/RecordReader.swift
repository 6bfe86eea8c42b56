/// A streaming reader of raw records (an export file, a page of an API response).
///
/// Readers hold at most a bounded buffer: memory must not grow with the size of the source. A reader is owned
/// by one task and read to its end.
///
/// - A record that is malformed on its own (a CSV row with the wrong column count, a non-UTF-8 byte) is returned
///   as ``ReadItem/rejected(_:)`` and reading goes on.
/// - A problem that makes the rest of the source unreadable (truncated or hostile XML, an unreadable file) throws
///   a ``SourceError``; everything returned before it is valid.
public protocol RecordReader: SendableMetatype {
    /// The next record or rejection, or nil at the end of the source.
    mutating func next() throws(SourceError) -> ReadItem?

    /// The field names every record may have, when the format declares them up front (a CSV header); nil when
    /// fields are only known record by record (JSON, XML). Used to catch a mapping's misspelt source field before
    /// anything is imported.
    var declaredFields: [String]? { get }
}

extension RecordReader {
    public var declaredFields: [String]? { nil }
}

/// One item read from a source.
public enum ReadItem: Sendable, Equatable {
    case record(RawRecord)
    case rejected(RecordRejection)
}

/// A record a source or the mapping could not accept, with the reason and where it was.
public struct RecordRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason code, e.g. `csv.column_count`, `encoding.utf8`, `mapping.required`.
    public var code: String
    /// What went wrong and what to do, for a person.
    public var message: String
    public var location: RecordLocation
    /// The record's key in its source, when known.
    public var externalID: String?
    /// The record's bytes as the source held them, when the source could not make a record of them (a CSV row
    /// with the wrong number of fields or a byte that is not UTF-8, a JSON line that is not an object), so that
    /// the rejects table keeps them.
    public var raw: [UInt8]?

    public init(
        code: String, message: String, location: RecordLocation, externalID: String? = nil, raw: [UInt8]? = nil
    ) {
        self.code = code
        self.message = message
        self.location = location
        self.externalID = externalID
        self.raw = raw
    }

    public var description: String {
        let id = externalID.map { " (id \($0))" } ?? ""
        return "\(location)\(id): \(message) [\(code)]"
    }
}

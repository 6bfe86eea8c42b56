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

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

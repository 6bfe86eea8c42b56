import GRDB

/// A row of `field_state`: the remote value of one pushed field that LeadBridge last saw or wrote (the *base* of
/// the three-way comparison), keyed by target, remote object, record and field.
struct FieldStateRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "field_state"

    /// The push target (connection) the field is written to.
    var target: String
    /// The remote object (`Lead` or `Contact` in Salesforce): one person may be either, with different ids.
    var object: String
    var externalID: String
    /// The remote field name.
    var field: String
    /// The base; nil when the remote field was empty.
    var value: String?
    /// When the value was seen or written, seconds since 1970 (UTC).
    var seenAt: Int64
    /// The push run that last wrote the value; nil when it was only seen.
    var writtenRunID: Int64?

    enum Columns {
        static let target = Column(CodingKeys.target)
        static let object = Column(CodingKeys.object)
        static let externalID = Column(CodingKeys.externalID)
        static let field = Column(CodingKeys.field)
        static let value = Column(CodingKeys.value)
        static let seenAt = Column(CodingKeys.seenAt)
        static let writtenRunID = Column(CodingKeys.writtenRunID)
    }

    enum CodingKeys: String, CodingKey {
        case target, object, field, value
        case externalID = "external_id"
        case seenAt = "seen_at"
        case writtenRunID = "written_run_id"
    }
}

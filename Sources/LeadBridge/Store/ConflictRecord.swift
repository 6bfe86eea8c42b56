import GRDB

/// A row of `conflicts`: a pushed field someone changed in the remote system since LeadBridge last saw it, with
/// the three values and what the field's policy did.
struct ConflictRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "conflicts"

    /// nil until inserted.
    var id: Int64?
    var runID: Int64?
    /// The contact whose field it is.
    var contactID: Int64
    var target: String
    /// The remote object (`Lead` or `Contact` in Salesforce).
    var object: String
    var externalID: String
    var field: String
    /// The value we last saw or wrote, the value we want, and the remote value now.
    var base: String?
    var ours: String?
    var theirs: String?
    /// The field's policy (`keep`, `overwrite`, `newest`, `fill_blank`) and what it decided.
    var policy: String
    var resolution: String
    /// Seconds since 1970 (UTC).
    var detectedAt: Int64

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let runID = Column(CodingKeys.runID)
        static let contactID = Column(CodingKeys.contactID)
        static let target = Column(CodingKeys.target)
        static let object = Column(CodingKeys.object)
        static let externalID = Column(CodingKeys.externalID)
        static let field = Column(CodingKeys.field)
        static let detectedAt = Column(CodingKeys.detectedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, target, object, field, base, ours, theirs, policy, resolution
        case runID = "run_id"
        case contactID = "contact_id"
        case externalID = "external_id"
        case detectedAt = "detected_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

import Foundation

/// The mutations of one record on top of its generated base: changed fields (API field names, vendor value types)
/// and the modification stamp of the last change.
struct RecordOverlay: Sendable, Equatable {
    var fields: [String: JSONValue]
    var modifiedAt: Date
    /// True when the record did not exist in the seed data (created through the API).
    var created: Bool = false
    /// When the record was archived (moved to the recycle bin); nil while it is live.
    var archivedAt: Date?
}

/// One record as a source delivered it, before mapping: field name → textual value.
///
/// Values are text, as every export format and most APIs carry them; typing happens in the mapping
/// (`type: int`, `transform: [date]`). A field that is absent or null in the source is absent here.
/// Nested objects are flattened with dotted names (`campaign.name`).
public struct RawRecord: Sendable, Equatable {
    public var fields: [String: String]
    public var location: RecordLocation

    public init(fields: [String: String], location: RecordLocation) {
        self.fields = fields
        self.location = location
    }

    public subscript(field: String) -> String? { fields[field] }
}

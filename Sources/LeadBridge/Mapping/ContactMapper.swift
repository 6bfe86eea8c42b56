/// Maps the contact records of one reader, reading each rule's source field by slot.
///
/// File readers hand records over by slot with a name table they share (``RawRecord/fieldNames``). The mapper
/// resolves the mapping's source fields against that table once, and again only when the reader's table grows,
/// instead of looking every field of every record up by name (measured on the 200 MB Pardot XML import: the
/// look-ups were about 4% of its CPU time). Records held by name are mapped as ``FieldMapping/mapContact(_:system:)``
/// maps them; the result is the same either way.
public struct ContactMapper: Sendable {
    /// A mapping's source fields as slots of one name table (see ``ValueRule/slot(in:)``).
    struct Slots: Sendable {
        var key: Int?
        var modified: Int?
        /// Parallel to ``FieldMapping/fields``.
        var fields: [Int?]
    }

    public let mapping: FieldMapping
    public let system: String
    private var names: RawFieldNames?
    private var slots: Slots?

    public init(mapping: FieldMapping, system: String) {
        self.mapping = mapping
        self.system = system
    }

    /// Maps one raw record to a contact patch, or says why it cannot be taken.
    public mutating func map(_ record: RawRecord) -> Result<ContactPatch, RecordRejection> {
        guard let recordNames = record.fieldNames else { return mapping.mapContact(record, system: system) }
        if recordNames !== names {
            names = recordNames
            slots = Slots(
                key: mapping.key.slot(in: recordNames), modified: mapping.modified?.slot(in: recordNames),
                fields: mapping.fields.map { $0.rule.slot(in: recordNames) })
        }
        return mapping.mapContact(record, system: system, slots: slots)
    }
}

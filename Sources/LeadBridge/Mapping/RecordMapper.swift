/// Maps the records of one source with a connection's mapping: the one way `import`, `pull` and `preview` map a
/// record.
///
/// Contact records use the mapping's fields, activity records its `activities:` section. File readers hand
/// records over by slot with a name table they share (``RawRecord/fieldNames``): the mapper resolves the mapping's
/// source fields against that table once, and again only when the reader's table grows, instead of looking every
/// field of every record up by name (measured on the 200 MB Pardot XML import: the look-ups were about 4% of its CPU
/// time). Records held by name are mapped as ``FieldMapping/mapContact(_:system:)`` maps them; the result is the
/// same either way.
///
/// ```swift
/// var mapper = RecordMapper(mapping: mapping, system: "salesforce_export", stream: .contacts)
/// switch mapper.map(record) {
/// case .contact(let patch): patches.append(patch)
/// case .rejected(let rejection): rejects.append(rejection)
/// case .activity, .skipped: break
/// }
/// ```
public struct RecordMapper: Sendable {
    /// A mapping's source fields as slots of one name table (see ``ValueRule/slot(in:)``).
    struct Slots: Sendable {
        var key: Int?
        var modified: Int?
        /// Parallel to ``FieldMapping/fields``.
        var fields: [Int?]
    }

    public let mapping: FieldMapping
    /// The connection's name: the `system` of the patches.
    public let system: String
    /// Whether records are contacts or activities.
    public let stream: ImportStream
    private var names: RawFieldNames?
    private var slots: Slots?

    public init(mapping: FieldMapping, system: String, stream: ImportStream = .contacts) {
        self.mapping = mapping
        self.system = system
        self.stream = stream
    }

    /// Maps one raw record of the mapper's stream.
    public mutating func map(_ record: RawRecord) -> MappedRecord {
        switch stream {
        case .contacts:
            switch contact(record) {
            case .success(let patch): .contact(patch)
            case .failure(let rejection): .rejected(rejection)
            }
        case .activities:
            switch mapping.mapActivity(record, system: system) {
            case .activity(let activity): .activity(activity)
            case .skipped: .skipped
            case .rejected(let rejection): .rejected(rejection)
            }
        }
    }

    /// Maps one raw record to a contact patch, reading by slot when the record has a name table.
    mutating func contact(_ record: RawRecord) -> Result<ContactPatch, RecordRejection> {
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

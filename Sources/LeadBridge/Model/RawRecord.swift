/// One record as a source delivered it, before mapping: field name → textual value.
///
/// Values are text, as every export format and most APIs carry them; typing happens in the mapping
/// (`type: int`, `transform: [date]`). A field that is absent or null in the source is absent here.
/// Nested objects are flattened with dotted names (`campaign.name`).
///
/// File readers hand records over by slot: values in an array, with names in a ``RawFieldNames`` table that all
/// records of the reader share. That spares building (and freeing) a dictionary per record, and lets an import
/// resolve its mapping's source fields to slots once (``ContactMapper``). `fields` gives the dictionary either way.
public struct RawRecord: Sendable, Equatable {
    public var location: RecordLocation
    /// Set when the record is held by slot; nil when it is held as a dictionary.
    public private(set) var fieldNames: RawFieldNames?
    private var values: [String?]
    private var dictionary: [String: String]

    public init(fields: [String: String], location: RecordLocation) {
        self.location = location
        fieldNames = nil
        values = []
        dictionary = fields
    }

    /// A record by slot: `values[slot]` is the value of `names.names[slot]`; there may be fewer values than names
    /// (names found after the record was read).
    public init(names: RawFieldNames, values: [String?], location: RecordLocation) {
        self.location = location
        fieldNames = names
        self.values = values
        dictionary = [:]
    }

    /// The fields by name. Setting them turns the record into a dictionary-held one.
    public var fields: [String: String] {
        get {
            guard let fieldNames else { return dictionary }
            var fields: [String: String] = [:]
            for (slot, value) in values.enumerated() {
                if let value { fields[fieldNames.names[slot]] = value }
            }
            return fields
        }
        set {
            dictionary = newValue
            fieldNames = nil
            values = []
        }
    }

    public subscript(field: String) -> String? {
        guard let fieldNames else { return dictionary[field] }
        guard let slot = fieldNames.slotsByName[field] else { return nil }
        return value(atSlot: slot)
    }

    /// The value in `slot` of ``fieldNames`` (nil when absent, or when `slot` is negative or past the values).
    public func value(atSlot slot: Int) -> String? {
        slot >= 0 && slot < values.count ? values[slot] : nil
    }

    public static func == (lhs: RawRecord, rhs: RawRecord) -> Bool {
        lhs.location == rhs.location && lhs.fields == rhs.fields
    }
}

/// The field names of the records one reader produces, by slot. A reader that meets a new name makes a new table
/// with one more name; the records read before keep the table they were read with.
public final class RawFieldNames: Sendable {
    public let names: [String]
    public let slotsByName: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var slots: [String: Int] = [:]
        for (slot, name) in names.enumerated() where slots[name] == nil { slots[name] = slot }
        slotsByName = slots
    }
}

/// One record as a source delivered it, before mapping: field name → textual value.
///
/// Values are text, as every export format and most APIs carry them; typing happens in the mapping
/// (`type: int`, `transform: [date]`). A field that is absent or null in the source is absent here.
/// Nested objects are flattened with dotted names (`campaign.name`).
///
/// File readers hand records over by slot: values in an array, with names in a ``RawFieldNames`` table that all
/// records of the reader share. That spares building (and freeing) a dictionary per record, and lets an import
/// resolve its mapping's source fields to slots once (``RecordMapper``). `fields` gives the dictionary either way.
public struct RawRecord: Sendable, Equatable {
    public var location: RecordLocation
    /// Set when the record is held by slot; nil when it is held as a dictionary.
    public private(set) var fieldNames: RawFieldNames?
    private var values: [String?]
    /// Set instead of `values` when the record's values are ranges of `text` (UTF-8), made into strings when read.
    private var spans: [RawTextSpan] = []
    private var text: [UInt8] = []
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

    /// A record by slot whose values are UTF-8 ranges of one byte buffer: `spans[slot]` is the value of
    /// `names.names[slot]`. The strings are made when the values are read, on the thread that reads them (the XML
    /// reader's thread is an import's slowest; making strings there was a tenth of its work).
    public init(names: RawFieldNames, text: [UInt8], spans: [RawTextSpan], location: RecordLocation) {
        self.location = location
        fieldNames = names
        values = []
        self.spans = spans
        self.text = text
        dictionary = [:]
    }

    /// The fields by name. Setting them turns the record into a dictionary-held one.
    public var fields: [String: String] {
        get {
            guard let fieldNames else { return dictionary }
            var fields: [String: String] = [:]
            for slot in 0..<max(values.count, spans.count) {
                if let value = value(atSlot: slot) { fields[fieldNames.names[slot]] = value }
            }
            return fields
        }
        set {
            dictionary = newValue
            fieldNames = nil
            values = []
            spans = []
            text = []
        }
    }

    public subscript(field: String) -> String? {
        guard let fieldNames else { return dictionary[field] }
        guard let slot = fieldNames.slotsByName[field] else { return nil }
        return value(atSlot: slot)
    }

    /// The value in `slot` of ``fieldNames`` (nil when absent, or when `slot` is negative or past the values).
    public func value(atSlot slot: Int) -> String? {
        guard spans.isEmpty else {
            guard slot >= 0, slot < spans.count, let range = spans[slot].range else { return nil }
            return text.withUnsafeBufferPointer { bytes in
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
        }
        return slot >= 0 && slot < values.count ? values[slot] : nil
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

/// Where one value is in a ``RawRecord``'s text, or that it is absent.
public struct RawTextSpan: Sendable, Equatable {
    private var start: UInt32
    private var count: UInt32

    public static let absent = RawTextSpan(start: 0, rawCount: .max)

    /// - Precondition: `start` and `count` fit in 32 bits (a record of 4 GiB is refused long before).
    public init(start: Int, count: Int) {
        self.init(start: UInt32(start), rawCount: UInt32(count))
    }

    private init(start: UInt32, rawCount: UInt32) {
        self.start = start
        count = rawCount
    }

    public var range: Range<Int>? {
        count == .max ? nil : Int(start)..<Int(start) + Int(count)
    }
}

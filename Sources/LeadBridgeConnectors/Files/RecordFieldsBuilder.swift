import LeadBridge

/// Builds the fields of one record after another by slot, without hashing or a dictionary per record.
///
/// Field names are registered once and then addressed by slot; a record is an array of values by slot with a
/// ``RawFieldNames`` table its reader's records share (a new table only when a new name appears). Used by the CSV and
/// JSON readers; the XML reader keeps values as bytes and uses only the names (``nameTable()``). Measured on the
/// 200 MB Pardot XML import: building, and later freeing, a dictionary per record was a tenth of its reading thread.
struct RecordFieldsBuilder {
    private var names: [String] = []
    private var slotsByName: [String: Int] = [:]
    /// The table handed out with records, rebuilt when names were added since.
    private var table: RawFieldNames?
    private var values: [String?] = []

    /// The slot of a field name: the same slot every time the same name is given.
    mutating func slot(for name: String) -> Int {
        if let slot = slotsByName[name] { return slot }
        let slot = names.count
        names.append(name)
        slotsByName[name] = slot
        return slot
    }

    /// Starts a new, empty record.
    mutating func beginRecord() {
        values = Array(repeating: nil, count: names.count)
    }

    /// Sets a field of the current record (a second value for the same field replaces the first).
    mutating func set(_ value: String, slot: Int) {
        if slot >= values.count { values.append(contentsOf: repeatElement(nil, count: slot - values.count + 1)) }
        values[slot] = value
    }

    /// Removes a field set earlier in the current record (a JSON `null` after a value for the same name).
    mutating func remove(slot: Int) {
        if slot < values.count { values[slot] = nil }
    }

    /// The current record's values and the name table they go with.
    mutating func finishRecord() -> (names: RawFieldNames, values: [String?]) {
        let record = values
        values = []
        return (nameTable(), record)
    }

    /// The table of the names registered so far, shared with the records read since it was made.
    mutating func nameTable() -> RawFieldNames {
        if table?.names.count != names.count { table = RawFieldNames(names) }
        return table!
    }

    /// Drops the current record.
    mutating func discardRecord() {
        values = []
    }
}

extension RawRecord {
    /// A record from a ``RecordFieldsBuilder``.
    init(_ built: (names: RawFieldNames, values: [String?]), location: RecordLocation) {
        self.init(names: built.names, values: built.values, location: location)
    }
}

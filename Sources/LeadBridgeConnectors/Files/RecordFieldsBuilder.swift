/// Builds the `[String: String]` of one record after another without hashing every field name of every record.
///
/// Field names are registered once and then addressed by slot. Each record starts as a copy of a template
/// dictionary that already holds the names seen so far (with empty values); a field is set through its template
/// index (`values[index] = value`, no hashing), and names the record lacks are removed at the end. Export records
/// repeat the same names, so after the first few records almost every field is set without a hash.
struct RecordFieldsBuilder {
    private typealias Fields = [String: String]

    /// Above this many names the template is rebuilt from the current record instead of growing.
    private static let maximumTemplateSize = 256

    private var names: [String] = []
    private var slotsByName: [String: Int] = [:]
    /// The record (generation) in which each slot was last set.
    private var lastSet: [Int] = []
    private var templateIndex: [Fields.Index?] = []
    private var templateSlots: [Int] = []
    private var template: Fields = [:]
    private var fields: Fields = [:]
    private var generation = 0
    private var templateSlotsSet = 0
    private var setOutsideTemplate = false
    /// False once this record's key set differs from the template's: indexes are then no longer valid.
    private var indexesValid = true

    /// The slot of a field name: the same slot every time the same name is given.
    mutating func slot(for name: String) -> Int {
        if let slot = slotsByName[name] { return slot }
        let slot = names.count
        names.append(name)
        slotsByName[name] = slot
        lastSet.append(0)
        templateIndex.append(nil)
        return slot
    }

    /// Starts a new, empty record.
    mutating func beginRecord() {
        generation += 1
        fields = template
        templateSlotsSet = 0
        setOutsideTemplate = false
        indexesValid = true
    }

    /// Sets a field of the current record. A second value for the same field is joined to the first with `;`
    /// when `joining`, and replaces it otherwise.
    mutating func set(_ value: String, slot: Int, joining: Bool) {
        let index = indexesValid ? templateIndex[slot] : nil
        if lastSet[slot] == generation {
            if let index {
                if joining { fields.values[index] += ";" + value } else { fields.values[index] = value }
            } else if joining {
                fields[names[slot], default: ""] += ";" + value
            } else {
                fields[names[slot]] = value
            }
            return
        }
        lastSet[slot] = generation
        if templateIndex[slot] != nil {
            templateSlotsSet += 1
        } else {
            // A new name changes the key set, which invalidates every index for the rest of this record.
            setOutsideTemplate = true
            indexesValid = false
        }
        if let index {
            fields.values[index] = value
        } else {
            fields[names[slot]] = value
        }
    }

    /// Removes a field set earlier in the current record (a JSON `null` after a value for the same name).
    mutating func remove(slot: Int) {
        guard lastSet[slot] == generation else { return }
        lastSet[slot] = generation - 1
        if templateIndex[slot] != nil {
            // Removed with the other unset template names when the record finishes.
            templateSlotsSet -= 1
        } else {
            fields[names[slot]] = nil
            indexesValid = false
        }
    }

    /// The fields of the current record.
    mutating func finishRecord() -> [String: String] {
        if templateSlotsSet < templateSlots.count {
            for slot in templateSlots where lastSet[slot] != generation { fields[names[slot]] = nil }
        }
        let record = fields
        fields = [:]
        if setOutsideTemplate { rebuildTemplate() }
        return record
    }

    /// Drops the current record.
    mutating func discardRecord() {
        fields = [:]
        generation += 1
    }

    /// Makes the template hold the names of the current record and, within the size limit, those it held.
    private mutating func rebuildTemplate() {
        var slots = Set(templateSlots)
        if slots.count > Self.maximumTemplateSize { slots.removeAll() }
        for slot in 0..<names.count where lastSet[slot] == generation { slots.insert(slot) }
        for slot in templateSlots { templateIndex[slot] = nil }
        templateSlots = slots.sorted()
        template = Fields(minimumCapacity: templateSlots.count)
        for slot in templateSlots { template[names[slot]] = "" }
        for slot in templateSlots { templateIndex[slot] = template.index(forKey: names[slot]) }
    }
}

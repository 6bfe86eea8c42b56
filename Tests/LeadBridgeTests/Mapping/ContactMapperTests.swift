import Testing

@testable import LeadBridge

/// Records held by slot (as file readers give them) read and map exactly as records held by name.
@Suite struct ContactMapperTests {
    static let location = RecordLocation(source: "leads.csv", line: 2, index: 1)

    /// The complete record of the mapping-language tests, by slot, with a name the mapping does not read.
    static func slotRecord(_ names: RawFieldNames, dropping dropped: Set<String> = []) -> RawRecord {
        let values = names.names.map { name in
            dropped.contains(name) ? nil : MappingLanguageTests.complete[name] ?? "unread"
        }
        return RawRecord(names: names, values: values, location: location)
    }

    @Test func aRecordBySlotHasTheFieldsOfTheSameRecordByName() {
        let names = RawFieldNames(["b", "a", "c"])
        let bySlot = RawRecord(names: names, values: ["2", nil], location: Self.location)
        let byName = RawRecord(fields: ["b": "2"], location: Self.location)
        #expect(bySlot.fields == ["b": "2"])
        #expect(bySlot == byName)
        #expect(bySlot["b"] == "2")
        #expect(bySlot["a"] == nil)
        #expect(bySlot["c"] == nil)  // a name found after the record was read
        #expect(bySlot["missing"] == nil)
        #expect(bySlot.value(atSlot: -1) == nil)
        var edited = bySlot
        edited.fields["a"] = "1"
        #expect(edited.fieldNames == nil)
        #expect(edited.fields == ["a": "1", "b": "2"])
    }

    @Test(arguments: [Set<String>(), ["Email"], ["Status", "Industry"], ["Id"]])
    func mapsAsTheMappingMapsByName(dropping dropped: Set<String>) throws {
        // Given the mapping and the same record by slot and by name, with some fields absent
        let mapping = try FieldMapping.parse(MappingLanguageTests.mappingText, path: "Mappings/sf.yml")
        let names = RawFieldNames(["Extra"] + MappingLanguageTests.complete.keys.sorted())
        let bySlot = Self.slotRecord(names, dropping: dropped)
        let byName = RawRecord(fields: bySlot.fields, location: Self.location)
        // When the mapper maps it twice (resolving slots, then reusing them) and the mapping maps it by name
        var mapper = ContactMapper(mapping: mapping, system: "salesforce")
        let first = mapper.map(bySlot)
        let second = mapper.map(bySlot)
        // Then all three agree, rejections included
        let expected = mapping.mapContact(byName, system: "salesforce")
        #expect(first == expected)
        #expect(second == expected)
    }

    @Test func aGrownNameTableIsResolvedAgain() throws {
        let mapping = try FieldMapping.parse(MappingLanguageTests.mappingText, path: "Mappings/sf.yml")
        var mapper = ContactMapper(mapping: mapping, system: "salesforce")
        // Given a reader whose first table lacks Email, and a later one that has it in another slot
        let early = RawFieldNames(["Id", "FirstName"])
        let later = RawFieldNames(["Id", "FirstName", "Email"])
        let first = RawRecord(names: early, values: ["00Q1", "Ada"], location: Self.location)
        let second = RawRecord(names: later, values: ["00Q2", "Bo", "bo@example.com"], location: Self.location)
        // Then each record is read through its own table
        guard case .failure(let rejection) = mapper.map(first) else {
            Issue.record("a record without the required email was taken")
            return
        }
        #expect(rejection.code == "mapping.required")
        let patch = try mapper.map(second).get()
        #expect(patch.email == "bo@example.com")
        #expect(patch[.firstName] == .text("Bo"))
    }
}

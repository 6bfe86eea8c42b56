import Testing

@testable import LeadBridge

/// Records held by slot (as file readers give them) read and map exactly as records held by name, and the one
/// mapper gives what the mapping gives for both streams.
@Suite struct RecordMapperTests {
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
        var mapper = RecordMapper(mapping: mapping, system: "salesforce")
        let first = mapper.map(bySlot)
        let second = mapper.map(bySlot)
        // Then all three agree, rejections included
        let expected = Self.mapped(mapping.mapContact(byName, system: "salesforce"))
        #expect(first == expected)
        #expect(second == expected)
    }

    @Test func aGrownNameTableIsResolvedAgain() throws {
        let mapping = try FieldMapping.parse(MappingLanguageTests.mappingText, path: "Mappings/sf.yml")
        var mapper = RecordMapper(mapping: mapping, system: "salesforce")
        // Given a reader whose first table lacks Email, and a later one that has it in another slot
        let early = RawFieldNames(["Id", "FirstName"])
        let later = RawFieldNames(["Id", "FirstName", "Email"])
        let first = RawRecord(names: early, values: ["00Q1", "Ada"], location: Self.location)
        let second = RawRecord(names: later, values: ["00Q2", "Bo", "bo@example.com"], location: Self.location)
        // Then each record is read through its own table
        guard case .rejected(let rejection) = mapper.map(first) else {
            Issue.record("a record without the required email was taken")
            return
        }
        #expect(rejection.code == "mapping.required")
        guard case .contact(let patch) = mapper.map(second) else {
            Issue.record("a record with every required field was not taken")
            return
        }
        #expect(patch.email == "bo@example.com")
        #expect(patch[.firstName] == .text("Bo"))
    }

    static let activityMappingText = """
        object: prospect
        key: id
        fields: { email: email }
        activities:
          object: visitor_activity
          key: id
          contact: { from: prospect_id, object: prospect }
          type: { from: type, map: { "2": page_view, "6": skip } }
          occurred_at: { from: created_at, transform: [date] }
          url: details
        """

    @Test(arguments: [("2", "activity"), ("6", "skipped"), ("99", "rejected")])
    func activitiesMapAsTheMappingMapsThem(type: String, expected kind: String) throws {
        // Given a mapping with an `activities:` section and an activity record by slot
        let mapping = try FieldMapping.parse(Self.activityMappingText, path: "p.yml")
        let names = RawFieldNames(["id", "type", "created_at", "prospect_id", "details"])
        let record = RawRecord(
            names: names, values: ["9", type, "2026-05-01 10:00:00", "5001", "https://x.io/pricing"],
            location: Self.location)
        // When the mapper maps it as an activity
        var mapper = RecordMapper(mapping: mapping, system: "pardot", stream: .activities)
        let mapped = mapper.map(record)
        // Then it is what the mapping's activity section gives: an activity, a skip or a rejection
        let expected: MappedRecord = switch mapping.mapActivity(record, system: "pardot") {
        case .activity(let activity): .activity(activity)
        case .skipped: .skipped
        case .rejected(let rejection): .rejected(rejection)
        }
        #expect(mapped == expected)
        switch mapped {
        case .activity(let activity): #expect(kind == "activity" && activity.type == "page_view")
        case .skipped: #expect(kind == "skipped")
        case .rejected: #expect(kind == "rejected")
        case .contact: Issue.record("an activity record was mapped as a contact")
        }
    }

    @Test func theStreamDecidesWhichPartOfTheMappingReadsTheRecord() throws {
        // Given one record that both parts of the mapping could read
        let mapping = try FieldMapping.parse(Self.activityMappingText, path: "p.yml")
        let record = RawRecord(
            fields: ["id": "9", "email": "ann@acme.com", "type": "2", "created_at": "2026-05-01 10:00:00",
                "prospect_id": "5001"],
            location: Self.location)
        // When it is mapped for each stream
        var contacts = RecordMapper(mapping: mapping, system: "pardot", stream: .contacts)
        var activities = RecordMapper(mapping: mapping, system: "pardot", stream: .activities)
        // Then the contact mapper gives a contact and the activity mapper an activity
        guard case .contact(let patch) = contacts.map(record) else {
            Issue.record("not taken as a contact")
            return
        }
        #expect(patch.email == "ann@acme.com")
        guard case .activity(let activity) = activities.map(record) else {
            Issue.record("not taken as an activity")
            return
        }
        #expect(activity.contact == .externalID(object: "prospect", id: "5001"))
    }

    static func mapped(_ result: Result<ContactPatch, RecordRejection>) -> MappedRecord {
        switch result {
        case .success(let patch): .contact(patch)
        case .failure(let rejection): .rejected(rejection)
        }
    }
}

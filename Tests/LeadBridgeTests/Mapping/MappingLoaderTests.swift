import Testing
@testable import LeadBridge

@Suite struct MappingLoaderTests {
    /// Each broken mapping, the line:column the error must point at, and words the message must contain.
    @Test(arguments: [
        ("object: Lead\nkey: Id\nfields:\n  emial: Email\n", "m.yml:4:3", "did you mean `email`?"),
        ("object: Lead\nkey: Id\nfields:\n  email: { from: Email, transfrom: [trim] }\n", "m.yml:4:25",
         "unknown key `transfrom` (did you mean `transform`?)"),
        ("object: Lead\nkey: Id\nfields:\n  email: { from: Email, transform: [trim, lowercas] }\n", "m.yml:4:43",
         "unknown transform `lowercas` (did you mean `lowercase`?)"),
        ("object: Lead\nkey: Id\nfields:\n  lifecycle_stage: { from: S, map: { Open: leed } }\n", "m.yml:4:20",
         "`leed` is not a stage (did you mean `lead`?)"),
        ("object: Lead\nkey: Id\nfields:\n  employees: { from: N, type: date }\n", "m.yml:4:31",
         "employees is always int"),
        ("object: Lead\nkey: Id\nfields:\n  created_at: { from: C, transform: [\"date(yy-MM)\"] }\n", "m.yml:4:38",
         "is not a date layout"),
        ("object: Lead\nkey: Id\nfields:\n  email: Email\npush:\n  score: Lead_Score__c\n", "m.yml:6:3",
         "cannot push `score`"),
        ("object: Lead\nkey: Id\nfields:\n  email: Email\npush:\n  lead_score: { to: S, when_remote_changed: maybe }\n",
         "m.yml:6:45", "`maybe` is not a policy"),
        ("object: Lead\nfields:\n  email: Email\n", "m.yml:1:1", "`key:` is missing"),
        ("object: Lead\nkey: Id\nfields:\n  email: Email\n  email: Mail\n", "m.yml:4:3", "`email` appears twice"),
        ("object: Lead\nkey: Id\nfields: [email]\n", "m.yml:3:9", "must be a mapping"),
        ("object: Lead\nkey: Id\nfields:\n  email: { from: Email\n", "m.yml:5:1", "YAML syntax"),
        ("object: c\nkey: id\nfields:\n  email: e\nactivities:\n"
            + "  - { object: events, key: id, contact: { from: o, object: c }, type: t, occurred_at: at }\n"
            + "  - { object: events, key: id, contact: { from: o, object: c }, type: t, occurred_at: at }\n",
         "m.yml:7:5", "two blocks read the object `events`"),
        ("object: c\nkey: id\nfields:\n  email: e\nactivities: []\n", "m.yml:5:13", "the list is empty"),
    ])
    func reportsEveryProblemWithItsPlace(text: String, place: String, words: String) {
        // When a broken mapping is loaded
        do {
            _ = try FieldMapping.parse(text, path: "m.yml")
            Issue.record("expected an error for:\n\(text)")
        } catch {
            // Then one of its problems points at the place and says what is allowed
            let matching = error.diagnostics.first { $0.message.contains(words) }
            #expect(matching != nil, "\(error)")
            if let matching {
                #expect("\(matching.file):\(matching.line ?? 0):\(matching.column ?? 0)" == place, "\(matching)")
            }
        }
    }

    /// `activities:` may list one block per remote activity object; a stream of an object is mapped with its block.
    @Test func activityBlocksPerObject() throws {
        let mapping = try FieldMapping.parse("""
            object: contacts
            key: id
            null_values: ["n/a"]
            fields:
              email: properties.email
            activities:
              - object: engagements
                key: id
                contact: { from: associations.contact, object: contacts }
                type: { from: objectType, map: { meetings: demo_request }, default: skip }
                occurred_at: properties.hs_timestamp
              - object: events
                key: id
                contact: { from: objectId, object: contacts }
                type: { from: eventType, map: { e_visited_page: page_view }, default: skip }
                occurred_at: occurredAt
                url: properties.hs_url
            """, path: "m.yml")
        // Then the first block is `activities`, the other one is found by its object
        #expect(mapping.activities?.object == "engagements")
        #expect(mapping.allActivities.map(\.object) == ["engagements", "events"])
        let events = try #require(mapping.activities(for: "events"))
        #expect(events.url?.sourceFields == ["properties.hs_url"])
        #expect(events.key.nullValues == ["n/a"], "null_values apply to every block")
        // And reading the events object maps its records with the events block
        let reading = mapping.readingActivities(of: "events")
        #expect(reading.activities == events && reading.additionalActivities.isEmpty)
        #expect(reading.activitySourceFields.map(\.field).contains("properties.hs_url"))
        var mapper = RecordMapper(mapping: reading, system: "hubspot", stream: .activities)
        let record = RawRecord(fields: ["id": "ev-1", "objectId": "7", "eventType": "e_visited_page",
                                        "occurredAt": "2026-10-01T12:00:00Z", "properties.hs_url": "https://x/pricing"],
                               location: RecordLocation(source: "test", index: 1))
        guard case .activity(let activity) = mapper.map(record) else {
            Issue.record("expected an activity")
            return
        }
        #expect(activity.type == "page_view" && activity.url == "https://x/pricing")
        #expect(mapping.activities(for: "tasks") == nil)
        #expect(mapping.readingActivities(of: "tasks") == mapping)
    }

    @Test func collectsAllProblemsOfAFileAtOnce() {
        let text = "object: Lead\nkey: Id\nfields:\n  emial: Email\n  employees: { from: N, typo: 1 }\nextra: 1\n"
        #expect(throws: ConfigurationError.self) { try FieldMapping.parse(text, path: "m.yml") }
        do { _ = try FieldMapping.parse(text, path: "m.yml") } catch {
            #expect(error.diagnostics.count == 3, "\(error)")
        }
    }

    @Test func sourceFieldsAreCheckedAgainstAHeader() throws {
        // Given a mapping with a misspelt source column
        let mapping = try FieldMapping.parse(
            "object: Contact\nkey: Id\nfields:\n  email: Emial\n  first_name: First Name\n", path: "m.yml")
        // When it is checked against the file's header
        let error = try #require(mapping.missingSourceFields(["Id", "Email", "First Name"], stream: .contacts,
            source: "c.csv"))
        // Then the error names the mapping line, the nearest column and the columns there are
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].description.hasPrefix("m.yml:4:10: source field `Emial` is not a column of c.csv"))
        #expect(error.diagnostics[0].message.contains("did you mean `Email`?"))
        #expect(error.diagnostics[0].message.contains("its columns: Id, Email, First Name"))
    }
}

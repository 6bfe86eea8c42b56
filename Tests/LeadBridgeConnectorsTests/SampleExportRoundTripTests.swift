import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData
import Testing

/// Every layout the sample writers produce, read back by the readers: this pins the column and element names and
/// value formats that mappings are written against.
@Suite("Sample exports round trip through the readers")
struct SampleExportRoundTripTests {
    static let generator = SampleDataGenerator(seed: 7)
    static let people = 0..<400
    static let activitiesPerPerson = 3

    @Test("each record reads back with exactly the expected fields", arguments: SampleExportLayout.allCases)
    func roundTrip(layout: SampleExportLayout) throws {
        try TemporaryFiles.withPath(extension: layout.fileExtension) { path in
            // Given a sample export
            let written = try SampleExportWriter.write(layout, people: Self.people,
                                                       activitiesPerPerson: Self.activitiesPerPerson,
                                                       generator: Self.generator, to: path)
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int

            // When it is read back, format and record element detected
            let outcome = ReadOutcome.read(path)

            // Then every record has exactly the fields the layout promises
            let expected = Self.expectedRecords(layout)
            #expect(written.records == expected.count)
            #expect(written.bytes == size)
            #expect(outcome.error == nil)
            #expect(outcome.rejections.isEmpty)
            #expect(outcome.records.count == expected.count)
            for (record, fields) in zip(outcome.records, expected) where record.fields != fields {
                Issue.record("record \(record.location): \(record.fields) is not \(fields)")
                break
            }
        }
    }

    @Test("the files are valid for independent parsers too")
    func filesAreValidJSONAndXML() throws {
        // Given the JSON exports
        try TemporaryFiles.withPath(extension: "json") { path in
            try SampleExportWriter.write(.hubspotContactsJSONArray, people: 0..<50, generator: Self.generator,
                                         to: path)
            // Then Foundation parses the array and sees HubSpot's shape
            let array = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
            let contacts = try #require(array as? [[String: Any]])
            #expect(contacts.count == 50)
            #expect(contacts.first?["id"] as? String == "100000")
            #expect(contacts.first?["archived"] as? Bool == false)
            #expect((contacts.first?["properties"] as? [String: Any])?["numemployees"] is String)
        }
        try TemporaryFiles.withPath(extension: "ndjson") { path in
            try SampleExportWriter.write(.hubspotContactsNDJSON, people: 0..<50, generator: Self.generator, to: path)
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 50)
            for line in lines { _ = try JSONSerialization.jsonObject(with: Data(line.utf8)) }
        }
        // And the Pardot file starts as the API's response does
        try TemporaryFiles.withPath(extension: "xml") { path in
            try SampleExportWriter.write(.pardotProspectsXML, people: 0..<2, generator: Self.generator, to: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsp stat=\"ok\" version=\"1.0\">\n"
                + "<result>\n<total_results>2</total_results>\n<prospect><id>5000</id><first_name>"))
            #expect(text.hasSuffix("</prospect>\n</result>\n</rsp>\n"))
        }
    }

    @Test("synced copies: the meetings a second system also holds, same details, 20 s to 5 min later")
    func syncedCopies() throws {
        try TemporaryFiles.withPath(extension: "csv") { path in
            // Given the synced copies of half the people's meetings, as an activities CSV
            let written = try SampleExportWriter.write(
                .genericActivitiesCSV, people: Self.people, activitiesPerPerson: Self.activitiesPerPerson,
                generator: Self.generator, syncedCopies: 0.5, to: path)
            // When it is read back
            let outcome = ReadOutcome.read(path)
            // Then each record is the copy of a generated demo request or webinar, with its id past every
            // generated one, and about half of those have one
            let meetings = Self.people.flatMap { index in
                Self.generator.activities(forPerson: index, count: Self.activitiesPerPerson)
                    .filter { [.demoRequest, .webinarRegistered, .webinarAttended].contains($0.kind) }
                    .map { (activity: $0, person: Self.generator.person(at: index)) }
            }
            var expected: [[String: String]] = []
            for (activity, person) in meetings {
                guard let copy = Self.generator.syncedCopy(of: activity, rate: 0.5) else { continue }
                let skew = copy.occurredAt.timeIntervalSince(activity.occurredAt)
                #expect(skew >= 20 && skew <= 300)
                #expect(copy.id == activity.id + SampleDataGenerator.copyIDOffset)
                #expect(copy.url == activity.url && copy.campaign == activity.campaign && copy.asset == activity.asset)
                expected.append(Self.genericActivity(copy, of: person))
            }
            #expect(outcome.error == nil && outcome.records.map(\.fields) == expected)
            #expect(written.records == expected.count)
            #expect(Double(expected.count) > 0.3 * Double(meetings.count))
            #expect(Double(expected.count) < 0.7 * Double(meetings.count))
            // And other kinds have no copy unless asked for
            let view = Self.generator.activities(forPerson: 0, count: 50).first { $0.kind == .pageView }!
            #expect(Self.generator.syncedCopy(of: view, rate: 1) == nil)
            #expect(Self.generator.syncedCopy(of: view, rate: 1, kinds: [.pageView]) != nil)
        }
    }

    @Test("the same generator and range give the same bytes")
    func deterministic() throws {
        try TemporaryFiles.withPath(extension: "csv") { first in
            try TemporaryFiles.withPath(extension: "csv") { second in
                try SampleExportWriter.write(.genericActivitiesCSV, people: 10..<60, activitiesPerPerson: 4,
                                             generator: Self.generator, to: first)
                try SampleExportWriter.write(.genericActivitiesCSV, people: 10..<60, activitiesPerPerson: 4,
                                             generator: Self.generator, to: second)
                #expect(FileManager.default.contentsEqual(atPath: first, andPath: second))
            }
        }
    }

    // MARK: - Expected records, from the generator and Foundation's date formatting

    static func expectedRecords(_ layout: SampleExportLayout) -> [[String: String]] {
        let people = Self.people.map { generator.person(at: $0) }
        switch layout {
        case .genericContactsCSV:
            return people.map(genericContact)
        case .genericActivitiesCSV:
            return people.flatMap { person in activities(of: person).map { genericActivity($0, of: person) } }
        case .marketoLeadsCSV:
            return people.map(marketoLead)
        case .pardotProspectsXML:
            return people.map(pardotProspect)
        case .pardotVisitorActivitiesXML:
            return people.flatMap { person in activities(of: person).map { pardotActivity($0, of: person) } }
        case .hubspotContactsNDJSON, .hubspotContactsJSONArray:
            return people.map(hubspotContact)
        }
    }

    static func activities(of person: SamplePerson) -> [SampleActivity] {
        generator.activities(forPerson: person.index, count: activitiesPerPerson)
    }

    static func genericContact(_ person: SamplePerson) -> [String: String] {
        var fields = [
            "Contact ID": "C\(person.index)", "Email": person.emailAsTyped, "First Name": person.firstName,
            "Last Name": person.lastName, "Job Title": person.title, "Company": person.company,
            "Website": person.domain, "Industry": person.industry, "Employees": "\(person.employees)",
            "Country": person.country, "City": person.city, "Phone": person.phone, "Lead Source": person.leadSource,
            "Created Date": iso8601(person.createdAt), "Last Modified Date": iso8601(person.updatedAt),
        ]
        if person.inCRM { fields["Lifecycle Stage"] = person.crmStage.rawValue }
        return fields
    }

    static func genericActivity(_ activity: SampleActivity, of person: SamplePerson) -> [String: String] {
        var fields = [
            "Activity ID": "A\(activity.id)", "Contact ID": "C\(person.index)", "Email": person.emailAsTyped,
            "Activity Type": activity.kind.rawValue, "Activity Date": iso8601(activity.occurredAt),
        ]
        fields["URL"] = activity.url
        fields["Campaign"] = activity.campaign
        fields["Asset"] = activity.asset
        return fields
    }

    static func marketoLead(_ person: SamplePerson) -> [String: String] {
        [
            "id": "\(1_000 + person.index)", "email": person.emailAsTyped, "firstName": person.firstName,
            "lastName": person.lastName, "title": person.title, "company": person.company, "website": person.domain,
            "industry": person.industry, "numberOfEmployees": "\(person.employees)", "country": person.country,
            "city": person.city, "phone": person.phone, "leadSource": person.leadSource,
            "createdAt": iso8601(person.createdAt), "updatedAt": iso8601(person.updatedAt),
        ]
    }

    static func pardotProspect(_ person: SamplePerson) -> [String: String] {
        let campaign = SampleCampaign.of(person)
        return [
            "id": "\(5_000 + person.index)", "first_name": person.firstName, "last_name": person.lastName,
            "email": person.emailAsTyped, "company": person.company, "website": person.domain,
            "job_title": person.title, "industry": person.industry, "employees": "\(person.employees)",
            "country": person.country, "city": person.city, "phone": person.phone, "source": person.leadSource,
            "created_at": pardotTime(person.createdAt), "updated_at": pardotTime(person.updatedAt),
            "campaign.id": "\(campaign.id)", "campaign.name": campaign.name,
        ]
    }

    /// Pardot's visitor activity types (API object field reference) for each generated kind.
    static let pardotTypes: [SampleActivity.Kind: (code: String, name: String)] = [
        .pageView: ("20", "Visit"), .formFill: ("4", "Success"), .demoRequest: ("4", "Success"),
        .emailOpen: ("11", "Open"), .emailClick: ("1", "Click"), .unsubscribe: ("12", "Unsubscribe Page"),
        .webinarRegistered: ("25", "Registered for Webinar"), .webinarAttended: ("24", "Attended Webinar"),
    ]

    static func pardotActivity(_ activity: SampleActivity, of person: SamplePerson) -> [String: String] {
        let type = pardotTypes[activity.kind]!
        var fields = [
            "id": "\(activity.id)", "prospect_id": "\(5_000 + person.index)", "type": type.code,
            "type_name": type.name, "created_at": pardotTime(activity.occurredAt),
        ]
        fields["details"] = activity.kind == .formFill ? activity.asset : activity.url ?? activity.asset
        if let name = activity.campaign {
            fields["campaign.name"] = name
            fields["campaign.id"] = SampleCampaign.named(name).map { "\($0.id)" }
        }
        return fields
    }

    static let hubspotStages: [SampleStage: String] = [
        .lead: "lead", .mql: "marketingqualifiedlead", .sal: "salesacceptedlead", .sql: "salesqualifiedlead",
        .opportunity: "opportunity", .customer: "customer", .disqualified: "other", .recycled: "other",
    ]

    static func hubspotContact(_ person: SamplePerson) -> [String: String] {
        let created = iso8601Milliseconds(person.createdAt)
        let updated = iso8601Milliseconds(person.updatedAt)
        var fields = [
            "id": "\(100_000 + person.index)", "properties.email": person.emailAsTyped,
            "properties.firstname": person.firstName, "properties.lastname": person.lastName,
            "properties.jobtitle": person.title, "properties.company": person.company,
            "properties.website": person.domain, "properties.industry": person.industry,
            "properties.numemployees": "\(person.employees)", "properties.country": person.country,
            "properties.city": person.city, "properties.phone": person.phone,
            "properties.createdate": created, "properties.lastmodifieddate": updated,
            "createdAt": created, "updatedAt": updated, "archived": "false",
        ]
        if person.inCRM { fields["properties.lifecyclestage"] = hubspotStages[person.crmStage] }
        return fields
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func iso8601Milliseconds(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func pardotTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }
}

import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData
import Testing

@Suite(.timeLimit(.minutes(2))) struct ImportEndToEndTests {
    @Test func reimportingTheSameFileIsANoOp() throws {
        let project = try TestProject()
        let file = try project.generate(.genericContactsCSV, people: 0..<400)
        // Given a first import
        let first = try project.importFile(file, connection: "csv_export")
        #expect(first.read == 400)
        #expect(first.created == 400)
        #expect(first.rejected == 0)
        let before = try project.dump()
        // When the same file is imported again
        let second = try project.importFile(file, connection: "csv_export")
        // Then nothing is created or updated and the stored content is identical
        #expect(second.created == 0)
        #expect(second.updated == 0)
        #expect(second.unchanged == 400)
        #expect(try project.dump() == before)
    }

    @Test func theSamePersonAcrossExportsBecomesOneContact() throws {
        let project = try TestProject()
        // Given people 0–199 in a CSV, 100–299 in Pardot's XML and 0–99 in Marketo's CSV (emails differ in case
        // and white space between systems)
        let csv = try project.generate(.genericContactsCSV, people: 0..<200)
        let xml = try project.generate(.pardotProspectsXML, people: 100..<300)
        let marketo = try project.generate(.marketoLeadsCSV, people: 0..<100)
        // When all three are imported
        #expect(try project.importFile(csv, connection: "csv_export").created == 200)
        let pardot = try project.importFile(xml, connection: "pardot_export")
        let leads = try project.importFile(marketo, connection: "marketo_export")
        // Then there is one contact per person, linked to each system it came from
        #expect(pardot.created == 100)
        #expect(pardot.rejected == 0)
        #expect(leads.created == 0)
        let counts = try project.store.counts()
        #expect(counts["contacts"] == 300)
        #expect(counts["source_links"] == 500)
        let person = project.generator.person(at: 150)
        let contact = try #require(try project.store.contact(email: person.email))
        #expect(contact[.lastName] == .text(person.lastName))
        #expect(contact.extra["pardot_campaign"] != nil)
    }

    @Test func activitiesFromCSVAndPardotXMLAttachToTheirPeople() throws {
        let project = try TestProject()
        _ = try project.importFile(try project.generate(.genericContactsCSV, people: 0..<50), connection: "csv_export")
        _ = try project.importFile(try project.generate(.pardotProspectsXML, people: 0..<50), connection: "pardot_export")
        // When activity exports of both are imported
        let csv = try project.importFile(
            try project.generate(.genericActivitiesCSV, people: 0..<50, activities: 6), connection: "csv_export",
            stream: .activities)
        let xml = try project.importFile(
            try project.generate(.pardotVisitorActivitiesXML, people: 0..<50, activities: 6),
            connection: "pardot_export", stream: .activities)
        // Then every activity is stored on its person, none rejected
        #expect(csv.read == 300)
        #expect(csv.created == 300)
        #expect(csv.rejected == 0)
        #expect(xml.created == 300)
        #expect(xml.skipped == 0)
        #expect(xml.rejected == 0)
        let perPerson = try project.store.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM activities a JOIN contacts c ON c.id = a.contact_id WHERE c.email = ?
                """, arguments: [project.generator.person(at: 7).email])
        }
        #expect(perPerson == 12)
    }
}

import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import Testing

/// Empty, null and absent all mean "no value" in every format: the same data gives the same store from CSV, JSON
/// and NDJSON, and a `default:` fills only fields no source has a value for.
@Suite(.timeLimit(.minutes(2))) struct EmptyValueImportTests {
    static let header = "Contact ID,Email,First Name,Last Name,Job Title,Company,Website,Industry,Employees,"
        + "Country,City,Phone,Lead Source,Lifecycle Stage,Created Date,Last Modified Date"

    /// The contacts' canonical values and custom fields, without ids and local times.
    static func contacts(_ project: TestProject) throws -> [String] {
        try project.store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT email, first_name, last_name, title, company, industry, employees, city, extra
                FROM contacts ORDER BY email
                """).map(\.description)
        }
    }

    @Test func csvJSONAndNDJSONWithEmptyValuesGiveTheSameStore() throws {
        // Given the same two versions of a person: a full first export, then a later one with empty fields
        let first = "C1,ada@example.com,Ada,Lovelace,CTO,Acme,acme.com,Software,1200,UK,London,+44 1,Web,lead,"
            + "2026-04-01T10:00:00Z,2026-05-01T10:00:00Z"
        let csv = [Self.header + "\n" + first + "\n",
                   Self.header + "\nC1,ada@example.com,,Lovelace,,Acme,,,,UK,  ,,,,,2026-05-02T10:00:00Z\n"]
        let later: [String: Any] = [
            "Contact ID": "C1", "Email": "ada@example.com", "First Name": "", "Last Name": "Lovelace",
            "Job Title": NSNull(), "Company": "Acme", "Website": "", "Industry": "", "Employees": "",
            "Country": "UK", "City": "  ", "Phone": "", "Lead Source": NSNull(), "Lifecycle Stage": "",
            "Created Date": "", "Last Modified Date": "2026-05-02T10:00:00Z",
        ]
        let json = try String(decoding: JSONSerialization.data(withJSONObject: [later]), as: UTF8.self)
        let ndjson = try String(decoding: JSONSerialization.data(withJSONObject: later), as: UTF8.self) + "\n"
        var stores: [[String]] = []
        for (name, text) in [("later.csv", csv[1]), ("later.json", json), ("later.ndjson", ndjson)] {
            let project = try TestProject()
            _ = try project.importFile(try project.write("first.csv", csv[0]), connection: "csv_export")
            // When the later export is imported as CSV, as a JSON array or as NDJSON
            let report = try project.importFile(try project.write(name, text), connection: "csv_export")
            #expect(report.rejected == 0, "\(name)")
            stores.append(try Self.contacts(project))
        }
        // Then none of them cleared a value or wrote an empty one, and the default did not replace the industry
        #expect(stores[0] == stores[1])
        #expect(stores[0] == stores[2])
        let row = try #require(stores.first?.first)
        #expect(row.contains("first_name:\"Ada\""))
        #expect(row.contains("industry:\"software\""))
        #expect(row.contains("employees:1200"))
        #expect(row.contains("city:\"London\""))
    }

    @Test func marketosNullTextIsNoValue() throws {
        // Given a Marketo bulk-extract CSV that writes `null` for empty fields
        let project = try TestProject()
        let file = try project.write("leads.csv", """
            id,email,firstName,lastName,title,company,website,industry,numberOfEmployees,country,city,phone,leadSource,createdAt,updatedAt
            7,ada@example.com,Ada,Lovelace,null,Acme,null,null,null,UK,null,null,null,2026-04-01T00:00:00Z,2026-05-01T00:00:00Z

            """)
        // When it is imported with the shipped Marketo mapping
        let report = try project.importFile(file, connection: "marketo_export")
        // Then the record is taken, and no field holds the text `null`
        #expect(report.rejected == 0)
        #expect(report.created == 1)
        let contact = try #require(try project.store.contact(email: "ada@example.com"))
        #expect(contact[.title] == nil)
        #expect(contact[.city] == nil)
        #expect(contact[.phone] == nil)
        #expect(contact[.domain] == nil)
        #expect(contact[.leadSource] == nil)
        #expect(contact[.employees] == nil)
        #expect(contact[.industry] == .text("other"))
        #expect(contact[.firstName] == .text("Ada"))
    }
}

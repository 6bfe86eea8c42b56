import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData
import Testing

/// Each hostile or broken input gives a clear error and loses nothing already stored.
@Suite(.timeLimit(.minutes(2))) struct HostileInputTests {
    /// A project that already holds 50 people, and its content before the hostile import.
    static func seeded() throws -> (TestProject, [String]) {
        let project = try TestProject()
        _ = try project.importFile(try project.generate(.pardotProspectsXML, people: 0..<50),
            connection: "pardot_export")
        return (project, try project.dump())
    }

    /// Imports and returns the report, or the error that stopped the import before it began.
    static func attempt(_ project: TestProject, _ path: String, connection: String = "pardot_export")
        -> Result<ImportReport, any Error>
    {
        Result { try project.importFile(path, connection: connection) }
    }

    static func failure(_ result: Result<ImportReport, any Error>) -> String? {
        switch result {
        case .failure(let error): "\(error)"
        case .success(let report): report.stoppedBy.map { "\($0)" }
        }
    }

    @Test func externalEntityFileIsRefusedNotRead() throws {
        let (project, before) = try Self.seeded()
        let path = try project.write("xxe.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE rsp [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rsp stat="ok"><result><prospect><id>9001</id><email>&xxe;@example.com</email></prospect></result></rsp>
            """)
        let result = Self.attempt(project, path)
        let message = try #require(Self.failure(result))
        #expect(message.contains("xxe.xml"), "\(message)")
        #expect(message.localizedCaseInsensitiveContains("DOCTYPE") || message.contains("entit"), "\(message)")
        #expect(!message.contains("root:x:0:0"))
        #expect(try project.dump() == before)
    }

    @Test func entityExpansionIsRefusedQuickly() throws {
        let (project, before) = try Self.seeded()
        var entities = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let path = try project.write("laughs.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE rsp [\(entities)]>
            <rsp><result><prospect><id>1</id><email>a@b.io</email><company>&lol9;</company></prospect></result></rsp>
            """)
        let started = Date()
        let message = try #require(Self.failure(Self.attempt(project, path)))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(message.contains("laughs.xml"), "\(message)")
        #expect(try project.dump() == before)
    }

    @Test func truncatedXMLKeepsWhatCameBeforeAndSaysWhere() throws {
        let (project, before) = try Self.seeded()
        // Given an export of 30 new people cut off in the middle of the 21st record
        let full = try project.generate(.pardotProspectsXML, people: 1_000..<1_030)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        let text = String(decoding: bytes, as: UTF8.self)
        let recordEnds = text.ranges(of: "</prospect>").map { text.utf8.distance(from: text.startIndex, to: $0.upperBound) }
        let cut = recordEnds[19] + 40
        let path = try project.write("truncated.xml", bytes.prefix(cut))
        // When it is imported
        let report = try project.importFile(path, connection: "pardot_export")
        // Then every record before the break is stored, none after it
        #expect(report.created == 20)
        // And the error names the file, says it is malformed and where, and nothing stored before changed
        let stopped = try #require(report.stoppedBy)
        #expect(stopped.code == .malformed)
        #expect(stopped.message.contains("the file ends inside <prospect> at line"), "\(stopped.message)")
        #expect(stopped.line != nil)
        #expect(stopped.description.hasPrefix(path))
        #expect(Set(before).isSubset(of: Set(try project.dump())))
        #expect(try project.store.counts()["contacts"] == 50 + report.created)
    }

    @Test func csvRowWithWrongColumnCountIsRejectedAndTheRestImported() throws {
        let project = try TestProject()
        let path = try project.write("contacts.csv", """
            Contact ID,Email,First Name,Last Name,Job Title,Company,Website,Industry,Employees,Country,City,Phone,Lead Source,Lifecycle Stage,Created Date,Last Modified Date
            C1,ada@example.com,Ada,Lovelace,CTO,Acme,acme.com,Software,250,UK,London,,Web,,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z
            C2,grace@example.com,Grace,Hopper,"VP, Engineering",Navy,navy.mil,Government,9000,US,Arlington,,Web,,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,EXTRA
            C3,alan@example.com,Alan,Turing,Head of Data,Bletchley,bp.uk,Government,120,UK,Bletchley,,Web,,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z

            """)
        let report = try project.importFile(path, connection: "csv_export")
        #expect(report.created == 2)
        #expect(report.rejectsByCode == ["csv.column_count": 1])
        let rejection = try #require(report.sampleRejections.first)
        #expect(rejection.location.description == "\(path):3")
        let stored = try project.store.rejects(runID: report.runID)
        #expect(stored.map(\.code) == ["csv.column_count"])
        // And the rejects table keeps the raw row, its line and its key
        let (externalID, record) = try Self.storedReject(project)
        #expect(externalID == "C2")
        let raw = try #require(record.flatMap(JSONText.decodeObject))
        #expect(raw["line"] == "3")
        #expect(raw["raw"] == "C2,grace@example.com,Grace,Hopper,\"VP, Engineering\",Navy,navy.mil,Government,9000,US,"
            + "Arlington,,Web,,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,EXTRA")
        #expect(raw["raw_base64"] == nil)
    }

    /// The external id and raw record of the only reject in the store.
    static func storedReject(_ project: TestProject) throws -> (String?, String?) {
        try project.store.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT external_id, record FROM rejects")
            return (rows.first?["external_id"], rows.first?["record"])
        }
    }

    @Test func nonUTF8ByteIsRejectedWithItsPlace() throws {
        let project = try TestProject()
        var data = Data("""
            Contact ID,Email,First Name,Last Name,Job Title,Company,Website,Industry,Employees,Country,City,Phone,Lead Source,Lifecycle Stage,Created Date,Last Modified Date
            C1,ada@example.com,Ada,Lovelace,CTO,Acme,acme.com,Software,250,UK,London,,Web,,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z
            C2,bad@example.com,B
            """.utf8)
        data.append(0xFF)
        data.append(contentsOf: Data("d,Byte,CTO,Acme,acme.com,Software,250,UK,London,,Web,,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z\n".utf8))
        let path = try project.write("latin1.csv", data)
        let report = try project.importFile(path, connection: "csv_export")
        #expect(report.created == 1)
        #expect(report.rejectsByCode == ["encoding.utf8": 1])
        #expect(report.sampleRejections.first?.location.description == "\(path):3")
        // And the rejects table keeps the exact bytes (base64), the row as text, its line and its key
        let (externalID, record) = try Self.storedReject(project)
        #expect(externalID == "C2")
        let raw = try #require(record.flatMap(JSONText.decodeObject))
        #expect(raw["line"] == "3")
        let rowBytes = Array(data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[2])
        #expect(raw["raw_base64"].flatMap { Data(base64Encoded: $0) }.map(Array.init) == rowBytes)
        #expect(raw["raw"]?.hasPrefix("C2,bad@example.com,B\u{FFFD}d,Byte,CTO") == true, "\(raw)")
    }

    @Test func aMappingTypoStopsTheImportBeforeAnythingIsStored() throws {
        let (project, before) = try Self.seeded()
        let file = try project.generate(.genericContactsCSV, people: 0..<20)
        // Given a mapping whose email column is misspelt
        let mapping = try FieldMapping.parse("""
            object: Contact
            key: Contact ID
            fields:
              email: { from: Emial, required: true }
            """, path: "Mappings/typo.yml")
        var reader = try ExportSource.open(path: file, mapping: mapping, stream: .contacts)
        // When it is imported, Then it fails naming the mapping line and the real column, and stores nothing
        #expect {
            try Importer(store: project.store, now: { 0 }).run(
                reader: &reader, mapping: mapping, connection: "csv_export", stream: .contacts, source: file)
        } throws: { error in
            "\(error)".contains("Mappings/typo.yml:4:10: source field `Emial` is not a column")
                && "\(error)".contains("did you mean `Email`?")
        }
        #expect(try project.dump() == before)
    }
}

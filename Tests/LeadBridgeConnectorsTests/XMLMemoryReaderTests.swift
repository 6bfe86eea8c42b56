import Foundation
import LeadBridge
import LeadBridgeConnectors
import Testing

@Suite("XMLExportReader reads in-memory documents (API responses) as safely as files")
struct XMLMemoryReaderTests {
    static let name = "GET /api/prospect/version/4/do/query"

    static func read(_ xml: String, recordElement: String? = nil) -> ReadOutcome {
        do {
            return ReadOutcome.drain(try XMLExportReader(bytes: Data(xml.utf8), name: name,
                                                         recordElement: recordElement))
        } catch {
            return ReadOutcome(error: error)
        }
    }

    @Test("a DOCTYPE, an external entity or billion laughs in memory is refused as hostile, naming the document",
          arguments: HostileXMLTests.cases.map(\.name))
    func refusesHostileDocument(name: String) throws {
        // Given a hostile document held in memory, as an API response would be
        let xml = try #require(HostileXMLTests.cases.first { $0.name == name }).xml
        // When it is read
        let outcome = Self.read(xml, recordElement: name.contains("laughs") ? "lol" : nil)
        // Then it is refused before any record, saying why and what to check, and nothing leaks
        let error = try #require(outcome.error)
        #expect(error.code == .hostile)
        #expect(error.message.contains("DOCTYPE"))
        #expect(error.message.contains("LeadBridge refuses XML"))
        #expect(error.source == Self.name)
        #expect(outcome.records.isEmpty)
        #expect(!outcome.records.flatMap(\.fields.values).contains { $0.contains("root:") || $0.contains("lollol") })
    }

    @Test("the DOCTYPE of an in-memory document is refused with the line it is on")
    func doctypeLine() {
        let error = #expect(throws: SourceError.self) {
            try XMLExportReader(bytes: Data(HostileXMLTests.xxe.utf8), name: Self.name)
        }
        #expect(error?.code == .hostile)
        #expect(error?.line == 2)
        #expect(error?.message.contains("check that the connection's base_url points at the vendor's API") == true)
    }

    @Test("a normal document reads the same records from memory as from a file")
    func sameRecordsAsFile() throws {
        // Given a Pardot-style response with entities, CDATA, attributes and nesting
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rsp stat="ok" version="1.0"><result><total_results>2</total_results>
            <prospect><id>1</id><email>a@x.io</email><company>Smith &amp; Sons</company>
            <campaign id="7"><name><![CDATA[Spring <launch>]]></name></campaign></prospect>
            <prospect><id>2</id><email>b@x.io</email><first_name>Zo&#xEB;</first_name></prospect>
            </result></rsp>
            """
        try TemporaryFiles.with(xml, extension: "xml") { path in
            // When it is read from the file and from memory
            let fromFile = ReadOutcome.read(path)
            let fromMemory = Self.read(xml)
            // Then both give the same two complete records
            #expect(fromFile.error == nil)
            #expect(fromMemory.error == nil)
            #expect(fromMemory.records.count == 2)
            #expect(fromMemory.records.map(\.fields) == fromFile.records.map(\.fields))
            #expect(fromMemory.records.first?.fields["campaign.name"] == "Spring <launch>")
        }
    }

    @Test("a cut-off in-memory document is malformed, after its complete records")
    func cutOff() {
        let outcome = Self.read("<rsp><result><prospect><id>1</id></prospect><prospect><id>2</id>")
        #expect(outcome.error?.code == .malformed)
        #expect(outcome.records.count == 1)
    }
}

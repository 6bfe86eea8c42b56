import Foundation
import LeadBridge
import LeadBridgeConnectors
import Testing

@Suite("XMLExportReader refuses hostile XML")
struct HostileXMLTests {
    static let xxe = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE rsp [
      <!ENTITY xxe SYSTEM "file:///etc/passwd">
    ]>
    <rsp><result><prospect><id>1</id><email>&xxe;</email></prospect></result></rsp>
    """

    static let billionLaughs = """
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
     <!ENTITY lol "lol">
     <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
     <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
     <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
     <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
     <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
     <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
     <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
     <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
     <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]>
    <lolz><lol><id>1</id><text>&lol9;</text></lol></lolz>
    """

    /// A comment longer than the prolog check reads, so only libxml2's node checks stand between the DOCTYPE
    /// and the reader: the second line of defence must hold on its own.
    static let longComment = "<!--" + String(repeating: "padding ", count: 10_000) + "-->\n"

    static let cases: [(name: String, xml: String)] = [
        ("XXE naming /etc/passwd", xxe),
        ("billion laughs", billionLaughs),
        ("XXE after a long comment", xxe.replacingOccurrences(of: "<!DOCTYPE", with: longComment + "<!DOCTYPE")),
        ("billion laughs after a long comment",
         billionLaughs.replacingOccurrences(of: "<!DOCTYPE", with: longComment + "<!DOCTYPE")),
        ("external DTD", "<?xml version=\"1.0\"?>\n<!DOCTYPE rsp SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
            + "<rsp><result><prospect><id>1</id></prospect></result></rsp>"),
        ("parameter entity", "<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><r><a><b>1</b></a></r>"),
    ]

    @Test("DTDs and entities are refused as hostile, quickly, and nothing from the entity is returned",
          arguments: cases.map(\.name))
    func refusesHostileXML(name: String) throws {
        // Given a hostile export
        let xml = try #require(Self.cases.first { $0.name == name }).xml
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:x:0:0"
        let passwdFirstLine = String(passwd.split(separator: "\n").first ?? "root:x:0:0")
        try TemporaryFiles.with(xml, extension: "xml") { path in
            // When it is read, with the record element named or detected
            let started = ContinuousClock.now
            let outcome = ReadOutcome.read(path, xmlRecordElement: name.contains("laughs") ? "lol" : nil)
            let elapsed = ContinuousClock.now - started

            // Then reading stops with .hostile explaining why and what to do, before any record is returned
            let error = try #require(outcome.error)
            #expect(error.code == .hostile)
            #expect(error.message.contains("DOCTYPE"))
            #expect(error.message.contains("Re-export the file without a DOCTYPE"))
            #expect(error.source == path)
            #expect(outcome.records.isEmpty)
            let values = outcome.records.flatMap(\.fields.values)
            #expect(!values.contains { $0.contains(passwdFirstLine) || $0.contains("lollol") })
            #expect(elapsed < .seconds(2))
        }
    }

    @Test("the DOCTYPE is refused with the line it is on")
    func doctypeLine() throws {
        try TemporaryFiles.with(Self.xxe, extension: "xml") { path in
            let error = #expect(throws: SourceError.self) { try XMLExportReader(path: path) }
            #expect(error?.code == .hostile)
            #expect(error?.line == 2)
        }
    }
}

import Foundation
import LeadBridge
import LeadBridgeConnectors
import Testing

/// A cut-off or damaged XML export: every record that is complete before the break is returned, then an error that
/// says what happened and where.
@Suite("XMLExportReader keeps every complete record before a break")
struct XMLBreakTests {
    /// A small export with a prolog, a comment, a leaf beside the records, attributes, nesting, an entity, CDATA
    /// holding `<` and `>`, an empty record and a quoted `>` in an attribute.
    static let document: String = {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- prospects -->\n<rsp stat=\"ok\"><result>\n"
            + "<total_results>5</total_results>\n"
        for id in 1...4 {
            xml += "<prospect id=\"\(id)\" note=\"a>b\"><email>p\(id)@x.io</email>\n"
                + "  <campaign><name>Q\(id) &amp; more</name></campaign><memo><![CDATA[x<y>z]]></memo></prospect>\n"
        }
        xml += "<prospect id=\"5\"/>\n</result></rsp>\n"
        return xml
    }()

    /// The byte offsets just past each record's end (`</prospect>` or `/>`).
    static func recordEnds(_ text: String) -> [Int] {
        let bytes = Array(text.utf8)
        var ends: [Int] = []
        for marker in ["</prospect>", "<prospect id=\"5\"/>"] {
            let pattern = Array(marker.utf8)
            for start in 0...(bytes.count - pattern.count)
            where bytes[start..<start + pattern.count].elementsEqual(pattern) {
                ends.append(start + pattern.count)
            }
        }
        return ends.sorted()
    }

    @Test("a file cut at any byte returns exactly the records that end before the cut, then says it is cut off",
          arguments: ["prospect", nil] as [String?])
    func cutAtEveryByte(element: String?) throws {
        // Given the export read whole, and where each record ends
        let bytes = Array(Self.document.utf8)
        let whole = try TemporaryFiles.with(bytes, extension: "xml") { ReadOutcome.read($0, xmlRecordElement: element) }
        #expect(whole.error == nil)
        #expect(whole.records.count == 5)
        let ends = Self.recordEnds(Self.document)
        let documentEnd = bytes.count - 1
        for cut in 0..<documentEnd {
            // When the file is cut after `cut` bytes
            let outcome = try TemporaryFiles.with(Array(bytes[0..<cut]), extension: "xml") {
                ReadOutcome.read($0, xmlRecordElement: element)
            }
            // Then every record that ends before the cut comes back whole, none after it
            let complete = ends.filter { $0 <= cut }.count
            #expect(outcome.records.map(\.fields) == whole.records.prefix(complete).map(\.fields), "cut at \(cut)")
            #expect(outcome.records.map(\.location.line) == whole.records.prefix(complete).map(\.location.line),
                    "cut at \(cut)")
            #expect(outcome.records.map(\.location.index) == (0..<complete).map { $0 + 1 },
                    "cut at \(cut)")
            // And reading ends with an error saying the file is empty or ends early
            let error = try #require(outcome.error, "cut at \(cut)")
            #expect(error.code == .malformed)
            #expect(error.message.contains(cut == 0 ? "the file is empty" : "the file ends "),
                    "cut at \(cut): \(error.message)")
        }
    }

    /// 400 prospects of varying length (about 40 KB: many of libxml2's 512-byte chunks), one per line from line 2.
    static let longerDocument: String = {
        var xml = "<rsp><result>\n"
        for id in 1...400 {
            xml += "<prospect id=\"\(id)\"><email>p\(id)@x.io</email><name>" + String(repeating: "n", count: id % 37)
                + "</name></prospect>\n"
        }
        return xml + "</result></rsp>\n"
    }()

    @Test("a longer export cut or damaged at offsets across libxml2's chunks returns every record before the break")
    func breaksAcrossChunks() throws {
        let bytes = Array(Self.longerDocument.utf8)
        let ends = Self.recordEnds(Self.longerDocument)
        for offset in stride(from: 1, to: bytes.count - 20, by: 97) {
            // Given the export cut at `offset`, and the export with a byte that is not UTF-8 put in at `offset`
            var damaged = bytes
            damaged.insert(0xFF, at: offset)
            for file in [Array(bytes[0..<offset]), damaged] {
                // When it is read
                let outcome = try TemporaryFiles.with(file, extension: "xml") {
                    ReadOutcome.read($0, xmlRecordElement: "prospect")
                }
                // Then exactly the records that end before the break come back, in order, then an error
                let complete = ends.filter { $0 <= offset }.count
                #expect(outcome.records.map { $0["@id"] } == (0..<complete).map { "\($0 + 1)" }, "break at \(offset)")
                #expect(outcome.error?.code == .malformed, "break at \(offset)")
            }
        }
    }

    @Test("a cut inside a record names the record element and the line it opens on")
    func cutInsideRecordSaysWhere() throws {
        // Given 20 complete prospects (one per line from line 3) and a 21st cut inside its email
        var xml = "<?xml version=\"1.0\"?>\n<rsp><result>\n"
        for id in 1...20 { xml += "<prospect><id>\(id)</id><email>p\(id)@x.io</email></prospect>\n" }
        xml += "<prospect><id>21</id>\n<email>p21@x"
        try TemporaryFiles.with(xml, extension: "xml") { path in
            // When it is read
            let outcome = ReadOutcome.read(path, xmlRecordElement: "prospect")

            // Then all 20 come back, and the error says the file ends inside the 21st <prospect>, on line 23
            #expect(outcome.records.count == 20)
            let error = try #require(outcome.error)
            #expect(error.message.contains("the file ends inside <prospect> at line 23"), "\(error.message)")
            #expect(!error.message.contains("Extra content"), "\(error.message)")
            #expect(error.line == 24)
        }
    }

    @Test("a bad byte in the middle returns every record before the damaged one, in order")
    func badByteInTheMiddle() throws {
        // Given 300 prospects, the 150th with a byte that is not UTF-8 in its email
        var bytes = Array("<rsp><result>\n".utf8)
        for id in 1...300 {
            bytes += Array("<prospect><id>\(id)</id><email>p\(id)".utf8)
            if id == 150 { bytes.append(0xFF) }
            bytes += Array("@x.io</email></prospect>\n".utf8)
        }
        bytes += Array("</result></rsp>\n".utf8)
        try TemporaryFiles.with(bytes, extension: "xml") { path in
            for element in ["prospect", nil] {
                // When it is read
                let outcome = ReadOutcome.read(path, xmlRecordElement: element)

                // Then the 149 before it come back and the error names the line of the bad byte
                #expect(outcome.records.map { $0["id"] } == (1...149).map { "\($0)" })
                let error = try #require(outcome.error)
                #expect(error.code == .malformed)
                #expect(error.line == 151)
                #expect(error.message.contains("UTF-8"), "\(error.message)")
            }
        }
    }
}

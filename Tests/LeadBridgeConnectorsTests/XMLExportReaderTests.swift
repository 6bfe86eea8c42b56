import LeadBridge
import LeadBridgeConnectors
import Testing

@Suite("XMLExportReader")
struct XMLExportReaderTests {
    @Test("entities, character references and CDATA come through exactly")
    func textComesThroughExactly() throws {
        // Given text with predefined entities, character references, CDATA and significant white space
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <export>
          <lead>
            <company>Caf&#233; &amp; Bar &lt;3 &quot;Ltd&quot; &#x1F600;</company>
            <note><![CDATA[a <b> & c ]]]></note>
            <mixed>x<![CDATA[<y>]]>z &amp; w</mixed>
            <spaced>  two  spaces  </spaced>
            <multi>line one
        line two</multi>
          </lead>
        </export>
        """
        try TemporaryFiles.with(xml, extension: "xml") { path in
            // When it is read
            let outcome = ReadOutcome.read(path, xmlRecordElement: "lead")

            // Then every character is as the text means it
            #expect(outcome.error == nil)
            #expect(outcome.records.map(\.fields) == [[
                "company": "Café & Bar <3 \"Ltd\" 😀",
                "note": "a <b> & c ]",
                "mixed": "x<y>z & w",
                "spaced": "  two  spaces  ",
                "multi": "line one\nline two",
            ]])
            #expect(outcome.records.first?.location == RecordLocation(source: path, line: 3, index: 1))
        }
    }

    @Test("nested elements become dotted paths, attributes @ fields; empty is absent; repeats join")
    func pathsAndAttributes() throws {
        // Given a record with nesting, attributes, empty elements, repeated leaves and a null
        let xml = """
        <rsp xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><result>
        <prospect id="7" xmlns:ext="urn:x"><email>a@x.io</email>
          <campaign id="3"><name>Q3 Nurture</name><owner><name>Ann</name></owner></campaign>
          <tags><tag>vip</tag><tag/><tag>beta</tag></tags>
          <phone/><fax></fax><state xsi:nil="true">ignored</state><ext:score>12</ext:score>
        </prospect>
        <prospect id="8"><email>b@x.io</email></prospect>
        </result></rsp>
        """
        try TemporaryFiles.with(xml, extension: "xml") { path in
            // When it is read with the record element named
            let outcome = ReadOutcome.read(path, xmlRecordElement: "prospect")

            // Then the fields are exactly these
            #expect(outcome.error == nil)
            #expect(outcome.records.map(\.fields) == [
                [
                    "@id": "7", "email": "a@x.io", "campaign.@id": "3", "campaign.name": "Q3 Nurture",
                    "campaign.owner.name": "Ann", "tags.tag": "vip;beta", "score": "12",
                ],
                ["@id": "8", "email": "b@x.io"],
            ])
            #expect(outcome.records.map(\.location.line) == [2, 7])
        }
    }

    @Test("the record element is detected under the document element or a result element", arguments: [
        ("<rsp stat=\"ok\"><result><total_results>2</total_results><prospect><id>1</id></prospect>"
            + "<prospect><id>2</id></prospect></result></rsp>", "prospect"),
        ("<export><!-- leads --><lead><id>1</id></lead><lead><id>2</id></lead></export>", "lead"),
        ("<feed><count>2</count><entry><id>1</id></entry><other/><entry><id>2</id></entry></feed>", "entry"),
    ])
    func detectsRecordElement(xml: String, element: String) throws {
        try TemporaryFiles.with(xml, extension: "xml") { path in
            // When no record element is named
            var reader = try XMLExportReader(path: path)
            var ids: [String?] = []
            while let item = try reader.next() {
                if case .record(let record) = item { ids.append(record["id"]) }
            }

            // Then the first element with children under the root (or <result>) is the record element
            #expect(reader.recordElement == element)
            #expect(ids == ["1", "2"])
        }
    }

    @Test("fields come out right whatever order and subset of children each record has")
    func childOrderVaries() throws {
        // Given records whose children change order, repeat, go missing and nest under the same names
        let xml = "<rsp><result>"
            + "<prospect><a>1</a><b>2</b><c>3</c><campaign><a>x</a></campaign></prospect>"
            + "<prospect><c>3</c><a>1</a></prospect>"
            + "<prospect><b>x</b><b>y</b><d>4</d><campaign><b>z</b><a>w</a></campaign></prospect>"
            + "<prospect><d>5</d><c>6</c><b>7</b><a>8</a></prospect>"
            + "</result></rsp>"
        try TemporaryFiles.with(xml, extension: "xml") { path in
            // When they are read with the record element named (each record taken whole) and detected
            for element in ["prospect", nil] {
                let outcome = ReadOutcome.read(path, xmlRecordElement: element)
                // Then every record has exactly its own fields
                #expect(outcome.error == nil)
                #expect(outcome.records.map(\.fields) == [
                    ["a": "1", "b": "2", "c": "3", "campaign.a": "x"],
                    ["c": "3", "a": "1"],
                    ["b": "x;y", "d": "4", "campaign.b": "z", "campaign.a": "w"],
                    ["d": "5", "c": "6", "b": "7", "a": "8"],
                ])
            }
        }
    }

    @Test("text beside child elements is kept whole, and only when it is more than white space")
    func mixedContent() throws {
        // Given text split by child elements, white space (ASCII and a no-break space) around children, an
        // attribute and a leaf that repeats, in a record taken whole and in one read node by node
        let record = "<prospect><p>before<x>1</x>after</p><q>  <y>2</y>\n </q><s>&#xA0;<z>3</z></s>"
            + "<t a=\"1\"><u>4</u><u>5</u></t><n>é<![CDATA[<b>]]>&amp;</n></prospect>"
        try TemporaryFiles.with("<rsp><result>" + record + record + "</result></rsp>", extension: "xml") { path in
            for element in ["prospect", nil] {
                let outcome = ReadOutcome.read(path, xmlRecordElement: element)
                // Then both records read alike: split text joined, white space alone dropped
                let expected = [
                    "p": "beforeafter", "p.x": "1", "q.y": "2", "s.z": "3", "t.@a": "1", "t.u": "4;5", "n": "é<b>&",
                ]
                #expect(outcome.error == nil)
                #expect(outcome.records.map(\.fields) == [expected, expected])
                #expect(outcome.records.first?["n"] == "é<b>&")
            }
        }
    }

    @Test("a cut-off document throws malformed after the complete records, with a later line")
    func truncatedThrowsAfterRecords() throws {
        // Given three complete prospects and a fourth cut off in the middle
        var xml = "<?xml version=\"1.0\"?>\n<rsp><result>\n"
        for id in 1...3 { xml += "<prospect><id>\(id)</id><email>p\(id)@x.io</email></prospect>\n" }
        xml += "<prospect><id>4</id><email>p4@x"
        try TemporaryFiles.with(xml, extension: "xml") { path in
            // When it is read
            let outcome = ReadOutcome.read(path)

            // Then the three records come first, then malformed saying where the file ends, on a line after them
            #expect(outcome.records.map { $0["id"] } == ["1", "2", "3"])
            #expect(outcome.records.map(\.location.line) == [3, 4, 5])
            let error = try #require(outcome.error)
            #expect(error.code == .malformed)
            #expect((error.line ?? 0) >= 6)
            #expect(error.message.contains("the file ends inside <prospect> at line 6"))
        }
    }

    @Test("a truncated large export still returns every complete record first")
    func truncatedLargeExport() throws {
        // Given 5,000 prospects (well past libxml2's read-ahead) cut inside the last one
        var xml = "<rsp><result>\n"
        for id in 1...5_000 { xml += "<prospect><id>\(id)</id><name>Name \(id) &amp; Co</name></prospect>\n" }
        xml += "<prospect><id>5001</id><na"
        try TemporaryFiles.with(xml, extension: "xml") { path in
            let outcome = ReadOutcome.read(path, xmlRecordElement: "prospect")

            #expect(outcome.records.count == 5_000)
            #expect(outcome.records.last?.fields == ["id": "5000", "name": "Name 5000 & Co"])
            #expect(outcome.error?.code == .malformed)
            #expect((outcome.error?.line ?? 0) >= 5_002)
        }
    }

    @Test("a mismatched tag throws malformed with line and column, after the records well before it")
    func mismatchedTag() throws {
        // Given 100 good leads and a mismatched tag on line 102
        var xml = "<rsp>\n"
        for id in 1...100 { xml += "<lead><id>\(id)</id></lead>\n" }
        xml += "<lead><id>101</name></lead>\n</rsp>\n"
        try TemporaryFiles.with(xml, extension: "xml") { path in
            // When it is read
            let outcome = ReadOutcome.read(path, xmlRecordElement: "lead")

            // Then all 100 leads before it come in order, and the error names the line and column
            #expect(outcome.records.map { $0["id"] } == (1...100).map { "\($0)" })
            let error = try #require(outcome.error)
            #expect(error.code == .malformed)
            #expect(error.line == 102)
            #expect(error.column != nil)
            #expect(error.message.contains("mismatch"))
        }
    }

    @Test("an empty or non-XML file is malformed", arguments: ["", "id,email\n1,a@x.io\n"])
    func notXML(text: String) throws {
        try TemporaryFiles.with(text, extension: "xml") { path in
            let outcome = ReadOutcome.read(path)

            #expect(outcome.records.isEmpty)
            #expect(outcome.error?.code == .malformed)
        }
    }
}

import LeadBridge
import LeadBridgeConnectors
import Testing

@Suite("CSVReader")
struct CSVReaderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var delimiter: CSVReader.Delimiter = .comma
        var expected: [[String: String]]
        /// The line each record starts on.
        var lines: [Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "quoted comma, doubled quote, embedded LF and CRLF",
             bytes: Array(("id,note,city\n1,\"a, b\",\"Paris\"\n2,\"say \"\"hi\"\"\",Lyon\n"
                 + "3,\"two\nlines\",\"x\r\ny\"\n4,z,w\n").utf8),
             expected: [["id": "1", "note": "a, b", "city": "Paris"], ["id": "2", "note": "say \"hi\"", "city": "Lyon"],
                        ["id": "3", "note": "two\nlines", "city": "x\r\ny"], ["id": "4", "note": "z", "city": "w"]],
             lines: [2, 3, 4, 7]),
        Case(name: "UTF-8 byte order mark and CRLF line ends",
             bytes: [0xEF, 0xBB, 0xBF] + Array("Email,Name\r\na@x.io,Zoë\r\nb@y.io,Søren\r\n".utf8),
             expected: [["Email": "a@x.io", "Name": "Zoë"], ["Email": "b@y.io", "Name": "Søren"]],
             lines: [2, 3]),
        Case(name: "no newline after the last row",
             bytes: Array("a,b\n1,2\n3,\"4\"".utf8),
             expected: [["a": "1", "b": "2"], ["a": "3", "b": "4"]], lines: [2, 3]),
        Case(name: "empty and quoted-empty fields are absent",
             bytes: Array("a,b,c\n,,\n\"\",x,\n1,,\"\"\n".utf8),
             expected: [[:], ["b": "x"], ["a": "1"]], lines: [2, 3, 4]),
        Case(name: "blank lines are skipped but counted",
             bytes: Array("a\n\n1\n\r\n2\n\n".utf8),
             expected: [["a": "1"], ["a": "2"]], lines: [3, 5]),
        Case(name: "semicolon delimiter", bytes: Array("a;b\n1,5;\"x;y\"\n".utf8), delimiter: .semicolon,
             expected: [["a": "1,5", "b": "x;y"]], lines: [2]),
        Case(name: "tab delimiter", bytes: Array("a\tb\n1\t \"q\" \n".utf8), delimiter: .tab,
             expected: [["a": "1", "b": " \"q\" "]], lines: [2]),
        Case(name: "lone CR line ends", bytes: Array("a,b\r1,2\r3,4".utf8),
             expected: [["a": "1", "b": "2"], ["a": "3", "b": "4"]], lines: [2, 3]),
    ]

    @Test("reads RFC 4180 fields exactly", arguments: cases)
    func readsFields(_ testCase: Case) throws {
        // Given a CSV file
        try TemporaryFiles.with(testCase.bytes, extension: "csv") { path in
            // When it is read
            let outcome = ReadOutcome.drain(try CSVReader(path: path, delimiter: testCase.delimiter))

            // Then every record has exactly the expected fields, lines and indexes
            #expect(outcome.error == nil)
            #expect(outcome.rejections.isEmpty)
            #expect(outcome.records.map(\.fields) == testCase.expected)
            #expect(outcome.records.map(\.location.line) == testCase.lines)
            #expect(outcome.records.map(\.location.index) == Array(1...testCase.expected.count))
        }
    }

    @Test("a row with the wrong column count is rejected and reading goes on")
    func columnCountRejected() throws {
        // Given a row with one field too many between good rows
        let text = "Email,Name,City\na@x.io,Ann,Oslo\nb@x.io,Bob,Smith,Rome\nc@x.io,\"Cy\nD\",Bern\nd@x.io,Di,Nice\n"
        try TemporaryFiles.with(text, extension: "csv") { path in
            // When it is read
            let outcome = ReadOutcome.read(path)

            // Then the bad row is a csv.column_count rejection naming both counts, and the rows after it are read
            #expect(outcome.error == nil)
            #expect(outcome.rejections.count == 1)
            let rejection = try #require(outcome.rejections.first)
            #expect(rejection.code == "csv.column_count")
            #expect(rejection.message.contains("4 fields"))
            #expect(rejection.message.contains("3 columns"))
            #expect(rejection.location == RecordLocation(source: path, line: 3, index: 2))
            #expect(outcome.records.map { $0["Email"] } == ["a@x.io", "c@x.io", "d@x.io"])
            #expect(outcome.records.map(\.location.line) == [2, 4, 6])
        }
    }

    @Test("a byte that is not UTF-8 rejects its row with the byte's offset")
    func invalidUTF8Rejected() throws {
        // Given a Latin-1 "é" (0xE9) in the second data row
        let bytes = Array("id,name\n1,Zoë\n2,Ren".utf8) + [0xE9] + Array("\n3,Ok\n".utf8)
        let badOffset = Array("id,name\n1,Zoë\n2,Ren".utf8).count
        try TemporaryFiles.with(bytes, extension: "csv") { path in
            // When it is read
            let outcome = ReadOutcome.read(path)

            // Then that row is an encoding.utf8 rejection naming the field and offset; the others are read
            #expect(outcome.error == nil)
            let rejection = try #require(outcome.rejections.first)
            #expect(rejection.code == "encoding.utf8")
            #expect(rejection.location.line == 3)
            #expect(rejection.message.contains("field 2 (name)"))
            #expect(rejection.message.contains("0xE9"))
            #expect(rejection.message.contains("byte offset \(badOffset)"))
            #expect(outcome.records.map { $0["name"] } == ["Zoë", "Ok"])
        }
    }

    @Test("text after a closing quote rejects the row")
    func strayQuoteRejected() throws {
        try TemporaryFiles.with("a,b\n\"x\"y,1\n2,3\n", extension: "csv") { path in
            let outcome = ReadOutcome.read(path)

            #expect(outcome.rejections.map(\.code) == ["csv.quote"])
            #expect(outcome.records.map(\.fields) == [["a": "2", "b": "3"]])
        }
    }

    @Test("a quote left open at the end of the file throws malformed with the line it opened on")
    func unterminatedQuoteThrows() throws {
        // Given a quote that opens on line 3 and never closes
        try TemporaryFiles.with("a,b\n1,2\n3,\"open\nstill open\n", extension: "csv") { path in
            // When it is read
            let outcome = ReadOutcome.read(path)

            // Then the rows before it are returned and reading stops with malformed at line 3
            #expect(outcome.records.map(\.fields) == [["a": "1", "b": "2"]])
            let error = try #require(outcome.error)
            #expect(error.code == .malformed)
            #expect(error.line == 3)
            #expect(error.message.contains("never closed"))
        }
    }

    @Test("header names must be present and distinct", arguments: [
        ("Email,Name,Email\nx,y,z\n", "\"Email\" names columns 1 and 3"),
        ("Email,,Name\nx,y,z\n", "column 2 has no name"),
        ("", "the file is empty"),
    ])
    func badHeaderThrows(file: String, problem: String) throws {
        try TemporaryFiles.with(file, extension: "csv") { path in
            let error = #expect(throws: SourceError.self) { try CSVReader(path: path) }
            #expect(error?.code == .malformed)
            #expect(error?.message.contains(problem) == true)
        }
    }

    @Test("rows and a field longer than the buffer are read across chunk boundaries")
    func readsAcrossBuffers() throws {
        // Given 20,000 rows with multi-line quoted notes, and one field of 600 KiB (over two 256 KiB buffers)
        var text = "id,note,tail\n"
        for index in 0..<20_000 {
            text += "\(index),\"note \(index), \"\"q\"\"\nsecond line\",t\(index)\n"
        }
        let long = String(repeating: "x", count: 600 * 1024)
        text += "long,\"\(long)\",end\n"
        try TemporaryFiles.with(text, extension: "csv") { path in
            // When it is read
            let outcome = ReadOutcome.read(path)

            // Then every value and line number is right
            #expect(outcome.error == nil)
            #expect(outcome.records.count == 20_001)
            let mismatches = outcome.records.prefix(20_000).enumerated().filter { index, record in
                record.fields != ["id": "\(index)", "note": "note \(index), \"q\"\nsecond line", "tail": "t\(index)"]
                    || record.location.line != 2 + 2 * index
            }
            #expect(mismatches.isEmpty)
            #expect(outcome.records.last?.fields == ["id": "long", "note": long, "tail": "end"])
        }
    }

    @Test("a missing file is unreadable")
    func missingFileUnreadable() {
        let error = #expect(throws: SourceError.self) { try CSVReader(path: "/nonexistent/leadbridge.csv") }
        #expect(error?.code == .unreadable)
        #expect(error?.source == "/nonexistent/leadbridge.csv")
    }
}

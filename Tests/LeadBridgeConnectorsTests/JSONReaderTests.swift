import LeadBridge
import LeadBridgeConnectors
import Testing

@Suite("NDJSONReader and JSONArrayReader")
struct JSONReaderTests {
    static let nested = #"""
    {"id":"17","properties":{"email":"a@x.io","name":"Caf\u00e9 \"Noir\"","emoji":"\ud83d\ude00","empty":"","gone":null,
    "deep":{"level":{"three":true}}},"score":1.50,"big":12345678901234567890,"neg":-2e-3,"ok":false,
    "tags":["a",1,true,null,"b"],"items":[{"sku":"x"},{"sku":"y","qty":2}],"none":[],"blank":{}}
    """#.split(separator: "\n").joined()

    static let flattened: [String: String] = [
        "id": "17", "properties.email": "a@x.io", "properties.name": "Café \"Noir\"", "properties.emoji": "😀",
        "properties.empty": "", "properties.deep.level.three": "true", "score": "1.50",
        "big": "12345678901234567890", "neg": "-2e-3", "ok": "false", "tags": "a;1;true;b",
        "items.0.sku": "x", "items.1.sku": "y", "items.1.qty": "2",
    ]

    @Test("NDJSON objects are flattened with dots; scalars keep their text; null is absent")
    func ndjsonFlattening() throws {
        // Given one nested object per line, a blank line, CRLF, and no newline at the end
        let text = Self.nested + "\r\n\n" + #"{"id":"18","properties":{"email":"b@x.io"}}"#
        try TemporaryFiles.with(text, extension: "ndjson") { path in
            // When it is read
            let outcome = ReadOutcome.read(path)

            // Then each line is one flat record with its line number
            #expect(outcome.error == nil)
            #expect(outcome.rejections.isEmpty)
            #expect(outcome.records.map(\.fields) == [Self.flattened, ["id": "18", "properties.email": "b@x.io"]])
            #expect(outcome.records.map(\.location.line) == [1, 3])
            #expect(outcome.records.map(\.location.index) == [1, 2])
        }
    }

    @Test("an NDJSON line that is not one JSON object is rejected and reading goes on", arguments: [
        (#"{"a":1,}"#, "expected a quoted field name"),
        (#"[1,2]"#, "expected a JSON object ({…}) but found an array"),
        (#"{"a":"open}"#, "the string is not closed"),
        (#"{"a":01}"#, "expected ',' or '}'"),
        (#"{"a":1} {"b":2}"#, "unexpected text after the end of the object"),
        (#"{"a":"\x"}"#, "is not a JSON escape"),
    ])
    func ndjsonInvalidLine(line: String, problem: String) throws {
        // Given a bad line between two good ones
        try TemporaryFiles.with("{\"n\":1}\n\(line)\n{\"n\":3}\n", extension: "jsonl") { path in
            // When it is read
            let outcome = ReadOutcome.read(path)

            // Then the bad line is a json.invalid rejection at line 2, and line 3 is read
            #expect(outcome.error == nil)
            let rejection = try #require(outcome.rejections.first)
            #expect(rejection.code == "json.invalid")
            #expect(rejection.location.line == 2)
            #expect(rejection.message.contains(problem))
            #expect(outcome.records.map(\.fields) == [["n": "1"], ["n": "3"]])
        }
    }

    @Test("a string with a byte that is not UTF-8 is an encoding.utf8 rejection")
    func ndjsonInvalidUTF8() throws {
        let bytes = Array(#"{"name":"Ren"#.utf8) + [0xE9] + Array("\"}\n{\"name\":\"ok\"}\n".utf8)
        try TemporaryFiles.with(bytes, extension: "ndjson") { path in
            let outcome = ReadOutcome.read(path)

            #expect(outcome.rejections.map(\.code) == ["encoding.utf8"])
            #expect(outcome.rejections.first?.message.contains("column 13") == true)
            #expect(outcome.records.map(\.fields) == [["name": "ok"]])
        }
    }

    @Test("a pretty-printed JSON array is read element by element with line numbers")
    func jsonArrayElements() throws {
        // Given an indented array whose second element is not an object
        let text = """
        [
          {
            "id": "1",
            "properties": { "email": "a@x.io", "note": "has ] and } inside" }
          },
          "not an object",
          {"id": "3", "list": ["x", "y"]}
        ]

        """
        try TemporaryFiles.with(text, extension: "json") { path in
            // When it is read
            let outcome = ReadOutcome.read(path)

            // Then objects are records with the line they start on, and the string is a rejection
            #expect(outcome.error == nil)
            #expect(outcome.records.map(\.fields) == [
                ["id": "1", "properties.email": "a@x.io", "properties.note": "has ] and } inside"],
                ["id": "3", "list": "x;y"],
            ])
            #expect(outcome.records.map(\.location.line) == [2, 7])
            #expect(outcome.rejections.map(\.code) == ["json.invalid"])
            #expect(outcome.rejections.first?.location == RecordLocation(source: path, line: 6, index: 2))
        }
    }

    @Test("the whole nested object flattens the same in an array as on a line")
    func jsonArrayFlattening() throws {
        try TemporaryFiles.with("[\(Self.nested),\(Self.nested)]", extension: "json") { path in
            let outcome = ReadOutcome.read(path)

            #expect(outcome.error == nil)
            #expect(outcome.records.map(\.fields) == [Self.flattened, Self.flattened])
        }
    }

    @Test("a broken array throws malformed after the complete elements", arguments: [
        ("[{\"id\":\"1\"},\n{\"id\":\"2\"},\n{\"id\":\"3\",\"na", 2, 3, "the file ends inside the JSON array"),
        ("[{\"id\":\"1\"},\n{\"id\":\"2\"}", 2, 2, "the file ends inside the JSON array"),
        ("[{\"id\":\"1\"}\n{\"id\":\"2\"}]", 1, 2, "expected ',' or ']' after element 1"),
        ("[{\"id\":\"1\"},]", 1, 1, "a ',' is followed by ']'"),
        ("[{\"id\":\"1\"}] x", 1, 1, "after the array's closing ']'"),
    ])
    func jsonArrayBroken(text: String, recordsBefore: Int, line: Int, problem: String) throws {
        // Given an array that is cut off or has a broken structure
        try TemporaryFiles.with(text, extension: "json") { path in
            // When it is read
            let outcome = ReadOutcome.read(path, format: .jsonArray)

            // Then the complete elements come first, then malformed with the line of the damage
            #expect(outcome.records.count == recordsBefore)
            #expect(outcome.records.first?["id"] == "1")
            let error = try #require(outcome.error)
            #expect(error.code == .malformed)
            #expect(error.line == line)
            #expect(error.message.contains(problem))
        }
    }

    @Test("a file that is not an array cannot be read as one")
    func notAnArray() throws {
        try TemporaryFiles.with("{\"id\":1}\n", extension: "json") { path in
            let outcome = ReadOutcome.read(path, format: .jsonArray)

            #expect(outcome.error?.code == .malformed)
            #expect(outcome.error?.message.contains("newline-delimited") == true)
        }
    }

    @Test("objects nested too deep are rejected rather than crashing")
    func deepNesting() throws {
        let deep = String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        try TemporaryFiles.with("[\(deep),{\"ok\":\"yes\"}]", extension: "json") { path in
            let outcome = ReadOutcome.read(path)

            #expect(outcome.rejections.first?.message.contains("nested more than") == true)
            #expect(outcome.records.map(\.fields) == [["ok": "yes"]])
        }
    }

    @Test("records with different, reordered and repeated names each get exactly their own fields")
    func varyingNames() throws {
        // Given records whose key sets grow, shrink, repeat a key and collide with a dotted name
        let lines = [
            #"{"a":"1","b":"2"}"#, #"{"b":"3","c":"4"}"#, #"{"a":"5","a":null}"#, #"{"a.b":"x","a":{"b":"y"}}"#,
            #"{"c":"6","a":"7","b":"8"}"#, #"{}"#, #"{"b":"9","b":"10"}"#, #"{"a":"11","b":"12"}"#,
        ]
        try TemporaryFiles.with(lines.joined(separator: "\n"), extension: "ndjson") { path in
            // When they are read
            let outcome = ReadOutcome.read(path)

            // Then nothing leaks from one record into the next; later duplicates replace earlier ones
            #expect(outcome.records.map(\.fields) == [
                ["a": "1", "b": "2"], ["b": "3", "c": "4"], [:], ["a.b": "y"], ["c": "6", "a": "7", "b": "8"], [:],
                ["b": "10"], ["a": "11", "b": "12"],
            ])
        }
    }

    @Test("random objects flatten as Foundation's parser reads them")
    func matchesFoundation() throws {
        // Given 2,000 random objects over a small vocabulary of names, nested up to three levels
        var random = SplitMix(seed: 99)
        let objects = (0..<2_000).map { _ in RandomJSON.object(&random, depth: 0) }
        let text = objects.joined(separator: "\n")
        try TemporaryFiles.with(text, extension: "ndjson") { path in
            // When they are read
            let outcome = ReadOutcome.read(path)

            // Then each record equals the flattening of JSONSerialization's reading of the same line
            #expect(outcome.error == nil)
            #expect(outcome.rejections.isEmpty)
            let expected = try objects.map { try RandomJSON.flattenWithFoundation($0) }
            #expect(outcome.records.count == expected.count)
            for (record, fields) in zip(outcome.records, expected) where record.fields != fields {
                Issue.record("line \(record.location.line): \(record.fields) is not \(fields)")
                break
            }
        }
    }
}

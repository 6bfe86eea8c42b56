import Foundation
import Testing

@testable import LeadBridge

@Suite("JSON text for the store's JSON columns")
struct JSONTextTests {
    @Test("strings are quoted and escaped as JSON requires", arguments: [
        ("plain", #""plain""#),
        ("", #""""#),
        ("Zürich – 東京", #""Zürich – 東京""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"C:\path"#, #""C:\\path""#),
        ("two\nlines\r\tend", #""two\nlines\r\tend""#),
        ("bell\u{07}", #""bell\u0007""#),
    ])
    func quoting(_ text: String, _ expected: String) throws {
        let quoted = JSONText.quoted(text)
        #expect(quoted == expected)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    @Test("objects have sorted keys and decode back to the same values", arguments: [
        [:],
        ["campaign": "Q3 \"Nurture\""],
        ["b": "2", "a": "1\n", "c": "ü"],
    ])
    func objects(_ values: [String: String]) {
        let text = JSONText.object(values)
        #expect(JSONText.decodeObject(text) == values)
        let keys = values.keys.sorted().map { JSONText.quoted($0) }
        var position = text.startIndex
        for key in keys {
            let found = text.range(of: key, range: position..<text.endIndex)
            #expect(found != nil, "key \(key) out of order in \(text)")
            position = found?.upperBound ?? position
        }
    }
}

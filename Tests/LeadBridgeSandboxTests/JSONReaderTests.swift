import Foundation
@testable import LeadBridgeSandbox
import Testing

/// Request bodies are read by a fast reader that must agree with `JSONDecoder`, which read them before.
@Suite("JSON reader")
struct JSONReaderTests {
    static func decoded(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test("reads what JSONDecoder reads, itself on plain JSON", arguments: [
        #"{"inputs":[{"id":"1","properties":{"lifecyclestage":"lead","leadbridge_score":"42"}}]}"#,
        #"{"allOrNone":false,"records":[{"attributes":{"type":"Lead"},"id":"00QSb0000000001","Lead_Score__c":1.5}]}"#,
        #" [ 1 , -2 , 3.0 , 1e2 , 2.50e1 , -0 , -0.0 , 0.1 , 1.5 , 1E-3 , 9007199254740992 ] "#,
        #"[123456789012345, 1234567890123456, 4.9e-324, 1.0000000000000001]"#,
        #"[true, false, null, "", {}, [], [[]], {"a": {"b": [null]}}]"#,
        #"["tab\tnew\nline", "quote\" slash\/ back\\", "\u00e9\u0000", "😀 \ud83d\ude00", "\b\f\r", "é ü 中"]"#,
        #""just a string""#, "42", "-7.25", "null",
    ])
    func plain(_ text: String) throws {
        let value = try #require(JSONReader.read(Array(text.utf8)), "the fast path declined: \(text)")
        #expect(value == Self.decoded(text))
    }

    @Test("leaves edge cases to JSONDecoder, with the same outcome", arguments: [
        "", "  ", "[1,]", #"{"a":1,}"#, "\u{FEFF}[1]", #"{"a":1,"a":2}"#, "[01]", "[-]", "[1.]", "[.5]", "[1e]",
        "[NaN]", "[Infinity]", "1e400", "[1e-400]", "[0e5]", "[12345678901234567890123]", "[9223372036854775807]",
        "[9223372036854775807.0]", "[-9223372036854775808]", #"["\ud83d"]"#, #"["\udc00"]"#, "[\"a\tb\"]",
        #"["\x"]"#, #"["\u12"]"#, "[1 2]", "{\"a\" 1}", "[1]/*c*/", "[true", "nul", "[tru]", #"{"a":1"#,
        String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
    ])
    func edges(_ text: String) {
        #expect(JSONReader.decode(Array(text.utf8)) == Self.decoded(text))
    }

    @Test("invalid UTF-8 in a string is no JSON, as for JSONDecoder")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x5B, 0x22, 0xFF, 0x22, 0x5D]
        #expect(JSONReader.read(bytes) == nil)
        #expect(JSONReader.decode(bytes) == (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))))
    }
}

import Foundation
@testable import LeadBridgeSandbox
import Testing

/// Salesforce ids are made and read on bytes; they must read as they did on characters.
@Suite("Salesforce ids")
struct SalesforceIDTests {
    /// The reading on characters the byte reading replaced (which also took a sign before the digits).
    static func reference(_ id: String) -> (prefix: String, number: Int)? {
        guard id.count == 15 || id.count == 18 else { return nil }
        let chars = Array(id)
        let base = String(chars[0..<15])
        func suffix(_ base: String) -> String {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")
            let chars = Array(base)
            return String((0..<3).map { chunk in
                alphabet[(0..<5).reduce(0) { bits, position in
                    chars[chunk * 5 + position].isUppercase ? bits | 1 << position : bits
                }]
            })
        }
        if id.count == 18, String(chars[15..<18]).uppercased() != suffix(base) { return nil }
        guard String(chars[3..<6]) == "Sb0", let number = Int(String(chars[6..<15])) else { return nil }
        return (String(chars[0..<3]), number)
    }

    @Test("made ids read back, in both forms, and as the character reading reads them", arguments: [
        ("00Q", 0), ("00Q", 1), ("003", 42), ("00T", 123_456), ("00v", 99_999), ("701", 7), ("005", 999_999_999),
    ])
    func roundTrip(_ prefix: String, _ number: Int) throws {
        let id = SalesforceID.make(prefix: prefix, number: number)
        #expect(id.count == 18)
        for form in [id, String(id.prefix(15)), String(id.prefix(15)) + id.suffix(3).lowercased()] {
            let parsed = try #require(SalesforceID.parse(form))
            #expect(parsed.prefix == prefix && parsed.number == number)
            #expect(Self.reference(form).map { [$0.prefix, String($0.number)] } == [prefix, String(number)])
        }
    }

    @Test("what is not an id reads as none, as on characters", arguments: [
        "", "00QSb000000001", "00QSb00000000001", "00QSb0000000001AAB", "00QSb0000000001AA", "00QXX0000000001",
        "00QSb000000000x", "00QSb0 00000001", "00QSb0000000001AAAZ", "00QSb00000000é1",
    ])
    func notIDs(_ text: String) {
        #expect(SalesforceID.parse(text) == nil)
        #expect(Self.reference(text) == nil)
    }

    @Test("a sign before the digits is no id (it read as a negative record number, which crashed a read)")
    func signs() {
        for text in ["00QSb0-00000001", "00QSb0+00000001"] {
            #expect(SalesforceID.parse(text) == nil)
        }
    }

    @Test("a non-ASCII prefix still reads on characters")
    func nonASCII() throws {
        let parsed = try #require(SalesforceID.parse("é0QSb0000000012"))
        #expect(parsed.prefix == "é0Q" && parsed.number == 12)
    }
}

import Foundation
import LeadBridge
import LeadBridgeConnectors
import Testing

/// A UTF-16 export (as Excel's "Unicode Text" and some Windows tools write) is refused at once with what to do.
@Suite("UTF-16 exports are refused with what to do")
struct UTF16ExportTests {
    static let exports: [(extension: String, text: String)] = [
        ("csv", "Email,Name\nada@example.com,Ada\n"),
        ("ndjson", "{\"email\":\"ada@example.com\"}\n"),
        ("json", "[{\"email\":\"ada@example.com\"}]\n"),
        ("xml", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
            + "<leads><lead><email>ada@example.com</email></lead></leads>\n"),
    ]

    @Test("a byte order mark FF FE or FE FF says UTF-16 and to export as UTF-8",
          arguments: ["csv", "ndjson", "json", "xml"], [true, false])
    func refusesUTF16(fileExtension: String, littleEndian: Bool) throws {
        // Given an export written as UTF-16 with its byte order mark
        let text = try #require(Self.exports.first { $0.extension == fileExtension }).text
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for unit in text.utf16 {
            bytes += littleEndian ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        try TemporaryFiles.with(bytes, extension: fileExtension) { path in
            // When it is opened and read
            let outcome = ReadOutcome.read(path, xmlRecordElement: fileExtension == "xml" ? "lead" : nil)

            // Then nothing is returned and the error says what the file is and what to do
            #expect(outcome.items.isEmpty)
            let error = try #require(outcome.error)
            #expect(error.message.contains("UTF-16"), "\(error.message)")
            #expect(error.message.contains("export as UTF-8"), "\(error.message)")
            #expect(error.source == path)
        }
    }

    @Test("an empty XML file says it is empty")
    func emptyXML() throws {
        try TemporaryFiles.with("", extension: "xml") { path in
            let error = try #require(ReadOutcome.read(path, xmlRecordElement: "prospect").error)
            #expect(error.code == .malformed)
            #expect(error.message.contains("the file is empty"), "\(error.message)")
            #expect(!error.message.contains("Extra content"), "\(error.message)")
        }
    }
}

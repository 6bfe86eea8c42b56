import LeadBridge
import LeadBridgeConnectors
import Testing

@Suite("ExportFormat and ExportFileReader")
struct ExportFormatTests {
    @Test("the format comes from the extension, and from the first byte for .json", arguments: [
        ("csv", "a,b\n1,2\n", ExportFormat.csv),
        ("CSV", "a,b\n1,2\n", .csv),
        ("ndjson", "{\"a\":1}\n", .ndjson),
        ("jsonl", "{\"a\":1}\n", .ndjson),
        ("json", "  \n [{\"a\":1}]", .jsonArray),
        ("json", "\u{FEFF}[{\"a\":1}]", .jsonArray),
        ("json", "\n{\"a\":1}\n{\"a\":2}\n", .ndjson),
        ("xml", "<r><x><a>1</a></x></r>", .xml),
    ])
    func detects(fileExtension: String, content: String, format: ExportFormat) throws {
        try TemporaryFiles.with(content, extension: fileExtension) { path in
            // When the format is detected and the file opened without naming it
            let detected = try ExportFormat.detect(path: path)
            #expect(detected == format)
            let outcome = ReadOutcome.read(path)

            // Then the right reader reads the first record
            #expect(outcome.error == nil)
            #expect(outcome.records.first?["a"] == "1")
        }
    }

    @Test("the reader type matches the format")
    func readerTypes() throws {
        try TemporaryFiles.with("a\n1\n", extension: "txt") { path in
            let csv = try ExportFileReader.open(path: path, format: .csv)
            let ndjson = try ExportFileReader.open(path: path, format: .ndjson)
            let array = try ExportFileReader.open(path: path, format: .jsonArray)
            #expect(csv is CSVReader)
            #expect(ndjson is NDJSONReader)
            #expect(array is JSONArrayReader)
        }
    }

    @Test("unknown extensions and .json files that are not JSON are unsupported", arguments: [
        ("txt", "a,b\n", "name the file .csv"),
        ("json", "id,email\n", "must start with '['"),
        ("json", "   ", "empty"),
    ])
    func unsupported(fileExtension: String, content: String, problem: String) throws {
        try TemporaryFiles.with(content, extension: fileExtension) { path in
            let error = #expect(throws: SourceError.self) { try ExportFormat.detect(path: path) }
            #expect(error?.code == .unsupportedFormat)
            #expect(error?.message.contains(problem) == true)
        }
    }
}

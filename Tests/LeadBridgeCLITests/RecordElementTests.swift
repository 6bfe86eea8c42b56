import Foundation
import LeadBridge
import Testing

/// An XML export whose records are not the element the mapping names is refused like a CSV without a mapped
/// column: exit 2, nothing imported, and the elements the file does hold.
@Suite(.timeLimit(.minutes(2))) struct RecordElementTests {
    /// A project with a `leads` connection whose mapping reads `<Lead>` records, and a file of `<lead>` elements.
    static func project() throws -> (TestProject, String) {
        let project = try TestProject()
        try """
            object: Lead
            key: Id
            fields:
              email: { from: Email, transform: [trim, lowercase, email], required: true }
            """.write(toFile: project.path("Mappings/leads.yml"), atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: project.path("config/leadbridge.yml"), encoding: .utf8)
        try (config + "\n  leads: { kind: file, mapping: ../Mappings/leads.yml }\n")
            .write(toFile: project.path("config/leadbridge.yml"), atomically: true, encoding: .utf8)
        var xml = "<?xml version=\"1.0\"?>\n<leads>\n"
        for id in 1...3 { xml += "  <lead><Id>\(id)</Id><Email>p\(id)@example.com</Email></lead>\n" }
        xml += "</leads>\n"
        return (project, try project.write("leads.xml", xml))
    }

    @Test(arguments: ["import", "preview"])
    func aRecordElementThatNeverOccursIsRefusedNamingTheElementsThatDo(command: String) throws {
        // Given a mapping for <Lead> records and a file of <lead> elements
        let (project, file) = try Self.project()
        // When the user imports or previews it
        let outcome = try LeadBridgeBinary.run([command, "leads", file], in: project.root)
        // Then it exits 2, says the element never occurs, names the elements that do and suggests <lead>
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("<Lead>"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("leads, lead, Id, Email"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("did you mean `lead`?"), "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("scanned 0 records"), "\(outcome.stdout)")
        #expect(try project.store.counts()["contacts"] == 0)
    }

    @Test func anExportWithoutRecordsStillImportsNothingAndSucceeds() throws {
        // Given a Pardot response with no prospects at all (only the result count)
        let project = try TestProject()
        let file = try project.write("none.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <rsp stat="ok" version="1.0"><result><total_results>0</total_results></result></rsp>
            """)
        // When it is imported, Then nothing is read and that is not an error
        let outcome = try LeadBridgeBinary.run(["import", "pardot_export", file], in: project.root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("read      0"), "\(outcome.stdout)")
    }
}

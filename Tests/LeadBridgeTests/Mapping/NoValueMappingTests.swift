import Testing
@testable import LeadBridge

/// One rule for "no value" in every format: empty text, white space alone, null, absent, and a mapping's
/// `null_values:` tokens; a `default:` stands in for them with precedence 0.
@Suite struct NoValueMappingTests {
    static let text = """
        object: Lead
        key: Id
        null_values: ["null", "N/A"]
        precedence: 20
        fields:
          email: { from: Email, required: true }
          title: Title
          company: { template: "{Company} {Division}" }
          industry: { from: Industry, map: { Software: software }, default: other }
          employees: { from: Employees, type: int }
          extra.region: { from: Region, default: emea }
        """

    static func patch(_ fields: [String: String]) throws -> ContactPatch {
        let mapping = try FieldMapping.parse(text, path: "Mappings/x.yml")
        var record = ["Id": "1", "Email": "ada@example.com"]
        record.merge(fields) { _, new in new }
        return try mapping.mapContact(RawRecord(fields: record, location: RecordLocation(source: "x", index: 1)),
            system: "x").get()
    }

    @Test(arguments: ["", "   ", "null", "N/A"])
    func noValueTextsAreAbsent(text: String) throws {
        // Given a record whose fields all hold a text that means no value
        let patch = try Self.patch([
            "Title": text, "Company": text, "Division": text, "Industry": text, "Employees": text, "Region": text,
        ])
        // Then it maps like a record without those fields
        #expect(patch == (try Self.patch([:])))
        #expect(patch[.title] == nil)
        #expect(patch[.company] == nil)
        #expect(patch[.employees] == nil)
        // And the defaults stand in, with precedence 0 (they fill only fields no source has a value for)
        #expect(patch[.industry] == .text("other"))
        #expect(patch.precedence[CanonicalField.industry.ordinal] == 0)
        #expect(patch.extra["region"] == .text("emea"))
        #expect(patch.precedence(ofExtra: "region") == 0)
    }

    @Test func aValueTheMapDoesNotNameIsTheSourcesWordNotAFallback() throws {
        let patch = try Self.patch(["Industry": "Mining", "Region": "apac", "Company": "Acme", "Division": "null"])
        #expect(patch[.industry] == .text("other"))
        #expect(patch.precedence[CanonicalField.industry.ordinal] == 20)
        #expect(patch.precedence(ofExtra: "region") == 20)
        #expect(patch[.company] == .text("Acme"))
    }

    @Test(arguments: ["precedence: 0", "precedence: -3"])
    func aPrecedenceBelowOneIsRefused(line: String) {
        let text = "object: Lead\nkey: Id\n\(line)\nfields:\n  email: Email\n"
        let error = #expect(throws: ConfigurationError.self) { try FieldMapping.parse(text, path: "Mappings/x.yml") }
        #expect(error.map { "\($0)".contains("Mappings/x.yml:3") } == true)
    }
}

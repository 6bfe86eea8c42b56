import Testing
@testable import LeadBridge

@Suite struct TransformTests {
    @Test(arguments: [
        ("trim", "  Ada \t", "Ada"),
        ("trim", "   ", nil),
        ("lowercase", "ADA@Example.COM", "ada@example.com"),
        ("uppercase", "de", "DE"),
        ("email", "  Ada.Lovelace@Example.COM ", "ada.lovelace@example.com"),
        ("domain", "ada@sub.example.com", "sub.example.com"),
        ("domain", "https://www.example.com/pricing?x=1", "example.com"),
        ("domain", "example.io", "example.io"),
        ("digits", "+1 (555) 010-2030", "15550102030"),
        ("int", "1,200", "1200"),
        ("int", "120.0", "120"),
        ("double", "3.5", "3.5"),
        ("bool", "Yes", "true"),
        ("bool", "0", "false"),
        ("date", "2026-05-01", "2026-05-01T00:00:00Z"),
        ("date", "2026-05-01 10:20:30", "2026-05-01T10:20:30Z"),
        ("date", "2026-05-01T10:20:30.123+02:00", "2026-05-01T08:20:30Z"),
        ("date", "1777630830", "2026-05-01T10:20:30Z"),
        ("date", "1777630830000", "2026-05-01T10:20:30Z"),
        ("date(MM/dd/yyyy HH:mm)", "05/01/2026 10:20", "2026-05-01T10:20:00Z"),
        ("date(d.M.yyyy)", "1.5.2026", "2026-05-01T00:00:00Z"),
    ] as [(String, String, String?)])
    func transformsValues(name: String, input: String, expected: String?) throws {
        // Given a transform by its mapping name
        let transform = try #require(Transform(name: name))
        // When it is applied, Then the value is as hand-computed
        #expect(try transform.apply(input) == expected)
    }

    @Test(arguments: [
        ("email", "not-an-email"),
        ("email", "two@@example.com"),
        ("email", "a@b"),
        ("int", "twelve"),
        ("double", "1.2.3"),
        ("bool", "maybe"),
        ("date", "2026-02-30"),
        ("date", "yesterday"),
        ("date(MM/dd/yyyy)", "2026-05-01"),
    ])
    func rejectsValuesThatDoNotFit(name: String, input: String) throws {
        let transform = try #require(Transform(name: name))
        #expect(throws: ValueProblem.self) { try transform.apply(input) }
    }

    @Test(arguments: ["trim()", "date(yy)", "lowercas", "map", "date(MM/dd)"])
    func unknownTransformNamesAreNotTransforms(name: String) {
        #expect(Transform(name: name) == nil)
    }
}

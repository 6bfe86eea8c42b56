import GRDB
import Testing

@testable import LeadBridge

/// Text columns are bound from memory the writer reuses row after row: every row must still store its own text,
/// whatever its size, and a row without a value must not pick up the previous row's.
@Suite struct RowTextTests {
    @Test func eachRowStoresItsOwnTextWhateverItsSize() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        // Given rows with short, empty, absent and larger-than-a-block (16 KiB) values, in one batch
        let sizes = [3, 0, 20_000, 5, 70_000, 1]
        var patches: [ContactPatch] = []
        for (index, size) in sizes.enumerated() {
            var patch = StoreIdentityTests.patch(
                "csv", "R\(index)", email: "row\(index)@example.com", first: index == 3 ? nil : "First\(index)")
            patch[.company] = .text(String(repeating: Character(UnicodeScalar(UInt8(97 + index))), count: size))
            patch.extra = index.isMultiple(of: 2) ? ["note": .text("é\"\(index)\"\n")] : [:]
            patches.append(patch)
        }
        // When they are stored together
        _ = try store.apply(contacts: patches, runID: nil, now: StoreIdentityTests.now)
        // Then each row reads back exactly as it was given
        for (index, size) in sizes.enumerated() {
            let contact = try #require(try store.contact(email: "row\(index)@example.com"))
            let company = String(repeating: Character(UnicodeScalar(UInt8(97 + index))), count: size)
            #expect(contact[.company] == .text(company), "row \(index)")
            #expect(contact[.firstName] == (index == 3 ? nil : .text("First\(index)")), "row \(index)")
            #expect(contact.extra == (index.isMultiple(of: 2) ? ["note": .text("é\"\(index)\"\n")] : [:]))
        }
        let links = try store.read { db in
            try String.fetchAll(db, sql: "SELECT external_id FROM source_links ORDER BY external_id")
        }
        #expect(links == sizes.indices.map { "R\($0)" })
    }
}

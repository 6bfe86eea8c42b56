import Testing

@testable import LeadBridge

@Suite("Identity filter")
struct IdentityFilterTests {
    @Test("a key inserted before is always reported as maybe present")
    func noFalseNegatives() {
        var filter = IdentityFilter(expected: 50_000)
        let keys = (0..<50_000).map { "person\($0)@company\($0 % 97).example" }
        for key in keys { filter.insert(key) }
        #expect(keys.allSatisfy { filter.insert($0) })
    }

    @Test("new keys are mostly reported as certainly absent")
    func fewFalsePositives() {
        var filter = IdentityFilter(expected: 200_000)
        for index in 0..<200_000 { filter.insert("known-\(index)") }
        var falsePositives = 0
        for index in 0..<100_000 where filter.insert("new-\(index)") { falsePositives += 1 }
        // About 16 bits a key and 6 probes in a 512-bit block: well under 1% (a plain Bloom filter gives ~0.1%).
        #expect(falsePositives < 1_000, "\(falsePositives) false positives in 100,000")
    }

    @Test("the first insert of a key says it was absent")
    func firstInsert() {
        var filter = IdentityFilter(expected: 10)
        #expect(filter.insert("a@example.com") == false)
        #expect(filter.insert("a@example.com") == true)
    }
}

import Testing

@testable import LeadBridge

@Suite("Word hash: stored fingerprints and identity filters")
struct WordHashTests {
    private func hash(_ parts: [String]) -> UInt64 {
        var hash = WordHash()
        for part in parts { hash.combine(part) }
        return hash.value
    }

    @Test("the same text gives the same hash in every process (fingerprints are stored)")
    func stable() {
        // Pinned: a change here changes every stored fingerprint, and the next import re-merges every record once.
        #expect(hash(["jana.hansen1@globexgroup.co"]) == 0x1206_0469_82DD_8B5E)
    }

    @Test("where texts split matters", arguments: [
        (["ab", "c"], ["a", "bc"]),
        (["", "x"], ["x", ""]),
        (["12345678"], ["1234567", "8"]),
        (["abcdefgh", "i"], ["abcdefghi"]),
        (["a\u{0}"], ["a"]),
    ])
    func boundaries(_ first: [String], _ second: [String]) {
        #expect(hash(first) != hash(second))
    }

    @Test("every byte counts, at every position of a long text")
    func everyByte() {
        let base = Array("contact-0001@example.com/with-a-long-tail".utf8)
        var seen: Set<UInt64> = [hash([String(decoding: base, as: UTF8.self)])]
        for position in base.indices {
            var changed = base
            changed[position] ^= 0x01
            seen.insert(hash([String(decoding: changed, as: UTF8.self)]))
        }
        #expect(seen.count == base.count + 1)
    }
}

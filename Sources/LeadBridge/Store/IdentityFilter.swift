/// A Bloom filter over identity keys (normalized emails, source-link ids): "certainly absent" or "maybe present".
///
/// An import asks it before each record: a record whose email and link id are certainly absent is a new contact,
/// and the writer skips the two index look-ups it would otherwise make (on a first import of a million contacts
/// these are all misses, and random probes into large indexes). A false "maybe" only costs the look-up.
struct IdentityFilter {
    private var bits: [UInt64]
    private let mask: UInt64
    private static let probes = 6

    /// Sized for `expected` keys at about 16 bits a key, at least 2 MiB.
    init(expected: Int) {
        var words = 1 << 18
        while words * 64 < expected * 16 { words <<= 1 }
        bits = Array(repeating: 0, count: words)
        mask = UInt64(words * 64 - 1)
    }

    mutating func insert(_ key: String) {
        var (a, b) = Self.hashes(key)
        for _ in 0..<Self.probes {
            let bit = a & mask
            bits[Int(bit >> 6)] |= 1 << (bit & 63)
            a &+= b
        }
    }

    func mayContain(_ key: String) -> Bool {
        var (a, b) = Self.hashes(key)
        for _ in 0..<Self.probes {
            let bit = a & mask
            if bits[Int(bit >> 6)] & (1 << (bit & 63)) == 0 { return false }
            a &+= b
        }
        return true
    }

    /// Two independent 64-bit hashes (FNV-1a and a multiply-xorshift), combined by double hashing.
    private static func hashes(_ key: String) -> (UInt64, UInt64) {
        var h1: UInt64 = 0xCBF2_9CE4_8422_2325
        var h2: UInt64 = 0x9E37_79B9_7F4A_7C15
        for byte in key.utf8 {
            h1 = (h1 ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            h2 = (h2 ^ UInt64(byte)) &* 0xFF51_AFD7_ED55_8CCD
            h2 ^= h2 >> 29
        }
        return (h1, h2 | 1)
    }
}

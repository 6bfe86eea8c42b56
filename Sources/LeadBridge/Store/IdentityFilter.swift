/// A Bloom filter over identity keys (normalized emails, source-link ids): "certainly absent" or "maybe present".
///
/// An import asks it before each record: a record whose email and link id are certainly absent is a new contact,
/// and the writer skips the two index look-ups it would otherwise make (on a first import of a million contacts
/// these are all misses, and random probes into large indexes). A false "maybe" only costs the look-up.
///
/// The filter is blocked: all probes of a key fall in one 512-bit block (one or two cache lines), so a key costs one
/// memory miss instead of six; the filter is far larger than the cache, and those misses were most of its time.
struct IdentityFilter {
    private var bits: [UInt64]
    /// Blocks minus one (their count is a power of two).
    private let blockMask: UInt64
    private static let probes = 6
    private static let wordsPerBlock = 8

    /// Sized for `expected` keys at about 16 bits a key, at least 2 MiB.
    init(expected: Int) {
        var words = 1 << 18
        while words * 64 < expected * 16 { words <<= 1 }
        bits = Array(repeating: 0, count: words)
        blockMask = UInt64(words / Self.wordsPerBlock - 1)
    }

    /// Adds a key; returns whether it may have been there before (false: it certainly was not).
    @discardableResult
    mutating func insert(_ key: String) -> Bool {
        var hash = WordHash()
        hash.combine(key)
        let value = hash.value
        // The low bits choose the block; the probes inside it (9 bits each) come from the hash mixed once more,
        // so that they do not depend on the block.
        let first = Int(value & blockMask) * Self.wordsPerBlock
        var probeBits = (value ^ value >> 31) &* 0xBF58_476D_1CE4_E5B9
        probeBits ^= probeBits >> 27
        var present = true
        for _ in 0..<Self.probes {
            let bit = Int(probeBits & 511)
            let word = first + bit >> 6
            let flag: UInt64 = 1 << UInt64(bit & 63)
            if bits[word] & flag == 0 {
                present = false
                bits[word] |= flag
            }
            probeBits >>= 9
        }
        return present
    }
}

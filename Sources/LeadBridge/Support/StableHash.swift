/// FNV-1a, 64 bits: a hash that is the same in every process (unlike `Hasher`, which is seeded per run), for the
/// scoring model's hash stored with every score. Record fingerprints use the faster ``WordHash``.
struct StableHash {
    private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

    private mutating func byte(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func combine(_ text: String) {
        for byte in text.utf8 { self.byte(byte) }
        // A separator byte, so that ("ab", "c") and ("a", "bc") differ.
        self.byte(0x1F)
    }

    var value: Int64 { Int64(bitPattern: state) }
}

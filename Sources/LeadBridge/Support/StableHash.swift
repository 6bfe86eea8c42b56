/// FNV-1a, 64 bits: a fingerprint that is the same in every process (unlike `Hasher`, which is seeded per run),
/// so it can be stored and compared across runs.
struct StableHash {
    private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func combine(_ text: String) {
        var state = self.state
        for byte in text.utf8 {
            state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        // A separator byte, so that ("ab", "c") and ("a", "bc") differ.
        state = (state ^ 0x1F) &* 0x0000_0100_0000_01B3
        self.state = state
    }

    var value: Int64 { Int64(bitPattern: state) }
}

/// FNV-1a, 64 bits: a fingerprint that is the same in every process (unlike `Hasher`, which is seeded per run),
/// so it can be stored and compared across runs. It allocates nothing: it runs once per imported record.
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

    mutating func combine(_ number: Int64) {
        var bits = UInt64(bitPattern: number)
        for _ in 0..<8 {
            byte(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func combine(_ value: FieldValue?) {
        switch value {
        case nil: byte(0)
        case .text(let text)?: byte(1); combine(text)
        case .int(let number)?: byte(2); combine(number)
        case .double(let number)?: byte(3); combine(Int64(bitPattern: number.bitPattern))
        case .bool(let flag)?: byte(4); byte(flag ? 1 : 0)
        case .date(let seconds)?: byte(5); combine(seconds)
        }
    }

    var value: Int64 { Int64(bitPattern: state) }
}

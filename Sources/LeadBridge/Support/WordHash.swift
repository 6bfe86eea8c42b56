/// A 64-bit hash of record content that is the same in every process and on every platform, folding text eight
/// bytes at a time: a multiply and a shift per word instead of per byte (FNV-1a, as ``StableHash`` does it, was
/// 6% of an import's mapping thread).
///
/// Used for the fingerprints stored on source links and activities (equal fingerprints mean nothing new to apply)
/// and for the import's identity filters. Every text is followed by its length, so that ("ab", "c") and
/// ("a", "bc") differ.
struct WordHash {
    private(set) var state: UInt64

    init(seed: UInt64 = 0x9E37_79B9_7F4A_7C15) {
        state = seed
    }

    mutating func mix(_ word: UInt64) {
        state = (state ^ word) &* 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 32
    }

    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    mutating func combine(bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        var offset = 0
        while offset + 8 <= count {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        mix(tail)
        mix(UInt64(count))
    }

    mutating func combine(_ number: Int64) { mix(UInt64(bitPattern: number)) }

    /// The hash, with its bits spread (MurmurHash3's finalizer), so that its low bits can index a table.
    var value: UInt64 {
        var bits = state
        bits ^= bits >> 33
        bits &*= 0xFF51_AFD7_ED55_8CCD
        bits ^= bits >> 33
        bits &*= 0xC4CE_B9FE_1A85_EC53
        bits ^= bits >> 33
        return bits
    }
}

/// Normalized email → contact id for the contacts one bulk load creates, in 8 bytes a contact.
///
/// Each slot packs 32 bits of the email's hash with a 32-bit contact id; a look-up returns every id whose hash
/// bits match, and the caller confirms each against the stored row (a rowid read). So a hash collision or an
/// entry left behind by an email change costs a read, never a wrong answer. Open addressing, linear probing,
/// at most 3/4 full: a million emails take 16 MiB.
struct EmailOwnerTable {
    private var slots: [UInt64]
    private var count = 0

    init(capacity: Int = 1 << 16) {
        var size = 1 << 10
        while size < capacity { size <<= 1 }
        slots = Array(repeating: 0, count: size)
    }

    /// The largest contact id the table can hold.
    static let maximumID = Int64(UInt32.max)

    /// Records that `email` belongs to contact `id` (1 ... ``maximumID``).
    mutating func insert(_ email: String, id: Int64) {
        precondition(id >= 1 && id <= Self.maximumID, "contact id out of the table's range")
        if (count + 1) * 4 > slots.count * 3 { grow() }
        place(UInt64(Self.hash(email)) << 32 | UInt64(id))
        count += 1
    }

    /// The ids recorded for emails with the same hash bits as `email`: candidates to confirm.
    func candidates(for email: String) -> [Int64] {
        let tag = UInt64(Self.hash(email))
        let mask = slots.count - 1
        var position = Int(truncatingIfNeeded: Self.spread(tag)) & mask
        var found: [Int64] = []
        while slots[position] != 0 {
            if slots[position] >> 32 == tag { found.append(Int64(slots[position] & 0xFFFF_FFFF)) }
            position = (position + 1) & mask
        }
        return found
    }

    private mutating func place(_ slot: UInt64) {
        let mask = slots.count - 1
        var position = Int(truncatingIfNeeded: Self.spread(slot >> 32)) & mask
        while slots[position] != 0 { position = (position + 1) & mask }
        slots[position] = slot
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        for slot in old where slot != 0 { place(slot) }
    }

    /// FNV-1a over the UTF-8 bytes, folded to 32 bits.
    private static func hash(_ email: String) -> UInt32 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in email.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// Spreads the 32 hash bits over the table's positions (a multiplicative hash).
    private static func spread(_ tag: UInt64) -> UInt64 { (tag &* 0x9E37_79B9_7F4A_7C15) >> 20 }
}

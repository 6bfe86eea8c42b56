import Foundation

/// Dense ids for distinct byte strings, looked up without creating a `String`.
///
/// Scoring reads millions of URLs, campaigns and field values that repeat heavily; interning their raw UTF-8 bytes
/// (straight from SQLite's row buffer) lets the caller memoize per distinct value in flat arrays indexed by id.
/// An open-addressing table over one byte arena; ids are assigned 0, 1, 2… in first-seen order.
struct ByteInterner {
    private var arena: [UInt8] = []
    /// Where each id's bytes end in `arena` (they start where the previous id's end).
    private var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Ids by hash slot, -1 for empty; the capacity is a power of two kept at most half full.
    private var slots: [Int32]

    init() {
        slots = [Int32](repeating: -1, count: 1_024)
    }

    /// Distinct byte strings interned so far.
    var count: Int { ends.count }

    /// The id of `bytes`, and whether it was new (interned by this call).
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> (id: Int, isNew: Bool) {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = Int(slots[slot])
            if id < 0 { break }
            if hashes[id] == hash, equals(id, bytes) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = ends.count
        arena.append(contentsOf: bytes)
        ends.append(arena.count)
        hashes.append(hash)
        slots[slot] = Int32(id)
        if ends.count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// Forgets every byte string: ids start again at 0.
    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        for index in slots.indices { slots[index] = -1 }
    }

    private func equals(_ id: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = id == 0 ? 0 : ends[id - 1]
        guard ends[id] - start == bytes.count else { return false }
        return arena.withUnsafeBytes { stored in
            bytes.isEmpty || memcmp(stored.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for id in hashes.indices {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// A word-at-a-time multiplicative hash with a final mix, so that the low bits (the slot) depend on every byte.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = 0x9e37_79b9_7f4a_7c15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xff51_afd7_ed55_8ccd
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 29
        hash &*= 0xbf58_476d_1ce4_e5b9
        return hash ^ (hash >> 32)
    }
}

/// What one source link last sent, field by field, as 32-bit hashes (0: no value): how a record pulled again tells
/// which of its fields changed in its source, so that only those compete with the other sources' values.
///
/// Stored on the link (`source_links.field_hashes`) as a bit mask of the canonical fields present, their hashes,
/// then (key hash, value hash) pairs of the custom fields sorted by key hash; all little-endian.
struct SentFields: Sendable, Equatable {
    private(set) var canonical: [UInt32]
    private(set) var extras: [UInt64]

    init(_ patch: ContactPatch) {
        canonical = [UInt32](repeating: 0, count: patch.values.count)
        for index in patch.values.indices where patch.precedence[index] > 0 {
            if let value = patch.values[index] { canonical[index] = Self.hash(value) }
        }
        extras = []
        if !patch.extra.isEmpty {
            for (key, value) in patch.extra where patch.extraPrecedence[key] ?? ContactPatch.defaultPrecedence > 0 {
                extras.append(UInt64(Self.hash(.text(key))) << 32 | UInt64(Self.hash(value)))
            }
            extras.sort()
        }
    }

    /// Decodes ``encoded``; nil for bytes it did not write.
    init?(encoded bytes: [UInt8]) {
        let count = CanonicalField.allCases.count
        guard bytes.count >= 4 else { return nil }
        var offset = 0
        func word() -> UInt32 {
            defer { offset += 4 }
            return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
        }
        let mask = word()
        canonical = [UInt32](repeating: 0, count: count)
        for index in 0..<count where mask & (1 << index) != 0 {
            guard offset + 4 <= bytes.count else { return nil }
            canonical[index] = word()
        }
        guard (bytes.count - offset) % 8 == 0 else { return nil }
        extras = []
        while offset < bytes.count {
            let key = UInt64(word())
            extras.append(key << 32 | UInt64(word()))
        }
    }

    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 + canonical.count * 4 + extras.count * 8)
        func append(_ word: UInt32) {
            bytes.append(UInt8(truncatingIfNeeded: word))
            bytes.append(UInt8(truncatingIfNeeded: word >> 8))
            bytes.append(UInt8(truncatingIfNeeded: word >> 16))
            bytes.append(UInt8(truncatingIfNeeded: word >> 24))
        }
        var mask: UInt32 = 0
        for index in canonical.indices where canonical[index] != 0 { mask |= 1 << index }
        append(mask)
        for hash in canonical where hash != 0 { append(hash) }
        for pair in extras {
            append(UInt32(truncatingIfNeeded: pair >> 32))
            append(UInt32(truncatingIfNeeded: pair))
        }
        return bytes
    }

    /// Whether the source sent `value` for the canonical field `index` last time.
    func sent(_ value: FieldValue, at index: Int) -> Bool { canonical[index] == Self.hash(value) }

    /// Whether the source sent `value` for the custom field `key` last time.
    func sent(_ value: FieldValue, extra key: String) -> Bool {
        let pair = UInt64(Self.hash(.text(key))) << 32 | UInt64(Self.hash(value))
        return extras.contains(pair)
    }

    /// A value's hash, never 0 (which means "no value").
    static func hash(_ value: FieldValue) -> UInt32 {
        var hash = WordHash(seed: 0x2545_F491_4F6C_DD1D)
        hash.combine(value)
        let bits = hash.value
        let folded = UInt32(truncatingIfNeeded: bits ^ bits >> 32)
        return folded == 0 ? 1 : folded
    }
}

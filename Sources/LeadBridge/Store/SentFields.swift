/// What one source link last sent, field by field, as 32-bit hashes: how a record pulled again tells which of its
/// fields changed in its source, so that only those compete with the other sources' values.
///
/// Kept only for the links of contacts that several records feed: a contact's only link sent what the contact holds,
/// so a first import writes none (`source_links.field_hashes` is NULL). Held as the bytes stored: a little-endian
/// bit mask of the canonical fields the source sent, their hashes in field order, then (key hash, value hash) pairs
/// of the custom fields. A mapping's `default:` is not something the source sent and is left out.
struct SentFields: Sendable, Equatable {
    let encoded: [UInt8]

    /// What a record sends: its values but a mapping's defaults.
    init(_ patch: ContactPatch) {
        self.init(values: patch.values, precedences: patch.precedence, extra: patch.extra) {
            patch.precedence(ofExtra: $0)
        }
    }

    /// What a contact's only link sent last: the contact's ranked values but those it no longer sends (a link is
    /// given hashes when a second link joins its contact).
    init(holding merge: ContactMerge) {
        let precedences = merge.values.indices.map { merge.soleLinkSent(at: $0) ? merge.precedences[$0] : 0 }
        self.init(values: merge.values, precedences: precedences, extra: merge.extra) {
            merge.soleLinkSent(extra: $0) ? 1 : 0
        }
    }

    private init(
        values: [FieldValue?], precedences: [Int], extra: [String: FieldValue], extraPrecedence: (String) -> Int
    ) {
        var mask: UInt32 = 0
        var count = 0
        for index in values.indices where values[index] != nil && precedences[index] > 0 {
            mask |= 1 << index
            count += 1
        }
        let extras = extra.filter { extraPrecedence($0.key) > 0 }
        encoded = [UInt8](unsafeUninitializedCapacity: 4 + count * 4 + extras.count * 8) { buffer, initialized in
            var offset = 0
            func append(_ word: UInt32) {
                buffer[offset] = UInt8(truncatingIfNeeded: word)
                buffer[offset + 1] = UInt8(truncatingIfNeeded: word >> 8)
                buffer[offset + 2] = UInt8(truncatingIfNeeded: word >> 16)
                buffer[offset + 3] = UInt8(truncatingIfNeeded: word >> 24)
                offset += 4
            }
            append(mask)
            for index in values.indices where mask & (1 << index) != 0 { append(Self.hash(values[index]!)) }
            for (key, value) in extras {
                append(Self.hash(.text(key)))
                append(Self.hash(value))
            }
            initialized = offset
        }
    }

    /// Bytes as stored; nil for bytes it did not write.
    init?(encoded bytes: [UInt8]) {
        guard bytes.count >= 4 else { return nil }
        let mask = Self.word(bytes, at: 0)
        let canonicalEnd = 4 + mask.nonzeroBitCount * 4
        guard bytes.count >= canonicalEnd, (bytes.count - canonicalEnd) % 8 == 0 else { return nil }
        encoded = bytes
    }

    /// Whether the source sent `value` for the canonical field `index` last time.
    func sent(_ value: FieldValue, at index: Int) -> Bool {
        let mask = Self.word(encoded, at: 0)
        guard mask & (1 << index) != 0 else { return false }
        let position = (mask & ((1 << index) - 1)).nonzeroBitCount
        return Self.word(encoded, at: 4 + position * 4) == Self.hash(value)
    }

    /// Whether the source sent `value` for the custom field `key` last time.
    func sent(_ value: FieldValue, extra key: String) -> Bool {
        var offset = 4 + Self.word(encoded, at: 0).nonzeroBitCount * 4
        guard offset < encoded.count else { return false }
        let keyHash = Self.hash(.text(key))
        while offset + 8 <= encoded.count {
            if Self.word(encoded, at: offset) == keyHash {
                return Self.word(encoded, at: offset + 4) == Self.hash(value)
            }
            offset += 8
        }
        return false
    }

    private static func word(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    /// A value's hash, never 0.
    static func hash(_ value: FieldValue) -> UInt32 {
        var hash = WordHash(seed: 0x2545_F491_4F6C_DD1D)
        hash.combine(value)
        let bits = hash.value
        let folded = UInt32(truncatingIfNeeded: bits ^ bits >> 32)
        return folded == 0 ? 1 : folded
    }
}

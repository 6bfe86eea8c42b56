/// Decides how a source's patch changes a stored contact: pure values in, the merged values out.
///
/// Rules: an absent value never clears a stored one; a value replaces a stored one when its source's precedence is
/// at least the precedence that set the stored one; `created_at` keeps the earliest time any source reports.
struct ContactMerge {
    var values: [FieldValue?]
    var ranks: [Int]
    var extra: [String: FieldValue]
    private(set) var changed = false

    init(values: [FieldValue?], ranks: [Int], extra: [String: FieldValue]) {
        self.values = values
        self.ranks = ranks
        self.extra = extra
    }

    static let createdAt = CanonicalField.createdAt.ordinal

    /// A new contact made from its first patch: what `apply` makes of it on empty values, sharing the patch's
    /// arrays instead of building them value by value.
    init(creatingFrom patch: ContactPatch) {
        values = patch.values
        ranks = patch.precedence
        for index in values.indices where values[index] == nil && ranks[index] != 0 { ranks[index] = 0 }
        extra = patch.extra
        changed = true
    }

    /// Forgets that earlier patches changed the values, to tell whether the next one does.
    mutating func markApplied() { changed = false }

    mutating func apply(_ patch: ContactPatch) {
        for index in patch.values.indices {
            guard let incoming = patch.values[index] else { continue }
            let rank = patch.precedence[index]
            if index == Self.createdAt, case .date(let new)? = values[index], case .date(let old) = incoming {
                if old < new {
                    values[index] = incoming
                    changed = true
                }
                continue
            }
            guard values[index] == nil || rank >= ranks[index] else { continue }
            if values[index] != incoming || ranks[index] != rank {
                values[index] = incoming
                ranks[index] = rank
                changed = true
            }
        }
        for (key, value) in patch.extra where extra[key] != value {
            extra[key] = value
            changed = true
        }
    }
}

/// Which source word a stored field holds: that source's precedence for the field, and when that source changed
/// the field (the remote modified time of the first record version that carried the value).
///
/// The merge keeps, per field, the value of the highest rank any source ever sent: higher precedence first, then
/// the more recent change, then (equal ranks) the greater value. A maximum does not depend on the order in which
/// the sources' records arrive, which is what makes the store converge.
struct FieldRank: Sendable, Hashable, Comparable {
    var precedence: Int
    /// Seconds since 1970, UTC; `Int64.min` when unknown (a store written before change times were kept).
    var changedAt: Int64

    /// No rank: an empty field, or a `default:` that fills a field no source has a value for.
    static let none = FieldRank(precedence: 0, changedAt: .min)

    static func < (lhs: FieldRank, rhs: FieldRank) -> Bool {
        lhs.precedence != rhs.precedence ? lhs.precedence < rhs.precedence : lhs.changedAt < rhs.changedAt
    }
}

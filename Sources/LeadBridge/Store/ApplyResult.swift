/// What one batch did to the store.
public struct ApplyResult: Sendable, Equatable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    /// Records the store refused (an identity clash, an activity whose person is unknown); already recorded in
    /// `rejects`.
    public var rejected: [RecordRejection] = []

    public init() {}

    public static func += (lhs: inout ApplyResult, rhs: ApplyResult) {
        lhs.created += rhs.created
        lhs.updated += rhs.updated
        lhs.unchanged += rhs.unchanged
        lhs.rejected += rhs.rejected
    }
}

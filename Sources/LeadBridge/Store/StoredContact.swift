/// A contact as stored: canonical values by `CanonicalField.ordinal`, the source rank that set each, custom fields.
public struct StoredContact: Sendable, Equatable {
    public var id: Int64
    public var values: [FieldValue?]
    /// The precedence of the source that set each field, indexed like `values` (0: empty, or a mapping's default).
    public var precedences: [Int]
    /// When each field changed in the source that set it (`Int64.min`: unknown), indexed like `values`.
    var times: [Int64]
    public var extra: [String: FieldValue]
    /// The rank of every custom field but those in `extraRanks`.
    var extrasRank: FieldRank
    var extraRanks: [String: FieldRank]
    /// What the contact's only link no longer sends (see ``ContactMerge``).
    var unsent: UInt32 = 0
    var unsentExtras: Set<String> = []
    public var updatedAt: Int64

    /// Which source word each value is (see ``FieldRank``), indexed like `values`.
    var ranks: [FieldRank] {
        precedences.indices.map {
            precedences[$0] > 0 ? FieldRank(precedence: precedences[$0], changedAt: times[$0]) : .none
        }
    }

    public subscript(field: CanonicalField) -> FieldValue? { values[field.ordinal] }

    public var email: String? { self[.email]?.text }

    public var stage: LifecycleStage {
        self[.lifecycleStage].flatMap { LifecycleStage(rawValue: $0.text) } ?? .lead
    }
}

/// A contact as stored: canonical values by `CanonicalField.ordinal`, the source rank that set each, custom fields.
public struct StoredContact: Sendable, Equatable {
    public var id: Int64
    public var values: [FieldValue?]
    /// Which source word each value is, indexed like `values` (see ``FieldRank``).
    var ranks: [FieldRank]
    public var extra: [String: FieldValue]
    var extraRanks: [String: FieldRank]
    public var updatedAt: Int64

    /// The precedence of the source that set each field, indexed like `values` (0: empty, or a mapping's default).
    public var precedences: [Int] { ranks.map(\.precedence) }

    public subscript(field: CanonicalField) -> FieldValue? { values[field.ordinal] }

    public var email: String? { self[.email]?.text }

    public var stage: LifecycleStage {
        self[.lifecycleStage].flatMap { LifecycleStage(rawValue: $0.text) } ?? .lead
    }
}

/// A contact as stored: canonical values by `CanonicalField.ordinal`, the precedence that set each, custom fields.
public struct StoredContact: Sendable, Equatable {
    public var id: Int64
    public var values: [FieldValue?]
    public var ranks: [Int]
    public var extra: [String: FieldValue]
    public var updatedAt: Int64

    public subscript(field: CanonicalField) -> FieldValue? { values[field.ordinal] }

    public var email: String? { self[.email]?.text }

    public var stage: LifecycleStage {
        self[.lifecycleStage].flatMap { LifecycleStage(rawValue: $0.text) } ?? .lead
    }
}

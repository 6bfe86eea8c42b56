/// A mapped contact record from one source system: what that system says about one person.
///
/// Absent values say nothing (they never clear a stored value). `precedence` ranks this source's word against
/// other systems' for each field (higher wins; ties go to the more recent change of the field); 0 marks a mapping's
/// `default:`, which fills a field only where no source has a value.
public struct ContactPatch: Sendable, Equatable {
    public var system: String
    public var object: String
    public var externalID: String
    public var modifiedAt: Int64?
    /// Indexed by `CanonicalField.ordinal`.
    public var values: [FieldValue?]
    /// Per-field precedence, indexed like `values`.
    public var precedence: [Int]
    /// Mapped custom fields (`extra.<name>` in a mapping), by name.
    public var extra: [String: FieldValue]
    /// The precedence of the custom fields (`extra` values), but for those in ``extraPrecedence``.
    public var extrasPrecedence: Int
    /// Custom fields whose precedence is not ``extrasPrecedence``, by name: 0 when the value is the mapping's
    /// `default:`, or a field's own `precedence:`. Most records have none, which spares a dictionary per record.
    public var extraPrecedence: [String: Int]

    /// A mapping's precedence when it names none.
    public static let defaultPrecedence = 10
    public var location: RecordLocation

    public init(
        system: String, object: String, externalID: String, modifiedAt: Int64? = nil,
        values: [FieldValue?] = ContactPatch.noValues,
        precedence: [Int] = ContactPatch.noPrecedence,
        extra: [String: FieldValue] = [:], extrasPrecedence: Int = ContactPatch.defaultPrecedence,
        extraPrecedence: [String: Int] = [:], location: RecordLocation
    ) {
        self.system = system
        self.object = object
        self.externalID = externalID
        self.modifiedAt = modifiedAt
        self.values = values
        self.precedence = precedence
        self.extra = extra
        self.extrasPrecedence = extrasPrecedence
        self.extraPrecedence = extraPrecedence
        self.location = location
    }

    /// Empty arrays to start patches from (copied on first write): built once, not once per mapped record.
    public static let noValues = [FieldValue?](repeating: nil, count: CanonicalField.allCases.count)
    public static let noPrecedence = [Int](repeating: 0, count: CanonicalField.allCases.count)

    /// The precedence of the custom field `key`.
    public func precedence(ofExtra key: String) -> Int { extraPrecedence[key] ?? extrasPrecedence }

    public subscript(field: CanonicalField) -> FieldValue? {
        get { values[field.ordinal] }
        set { values[field.ordinal] = newValue }
    }

    /// The normalized email, the identity key across systems.
    public var email: String? {
        if case .text(let email)? = self[.email] { return email }
        return nil
    }

    /// A stable 64-bit fingerprint of everything this patch says: equal fingerprints mean nothing new to apply.
    public var fingerprint: Int64 {
        var hash = WordHash()
        hash.combine(modifiedAt ?? Int64.min)
        for index in values.indices {
            hash.combine(values[index])
            hash.combine(Int64(precedence[index]))
        }
        if !extra.isEmpty {
            for key in extra.keys.sorted() {
                hash.combine(key)
                hash.combine(extra[key])
                hash.combine(Int64(precedence(ofExtra: key)))
            }
        }
        return Int64(bitPattern: hash.value)
    }
}

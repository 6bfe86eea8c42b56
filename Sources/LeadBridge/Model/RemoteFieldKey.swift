/// One pushed field of one remote record: where a base (``FieldBase``) and a conflict are kept.
public struct RemoteFieldKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The remote object (`contacts` in HubSpot, `Lead` or `Contact` in Salesforce).
    public var object: String
    /// The record's remote key.
    public var externalID: String
    /// The remote field name.
    public var field: String

    public init(object: String, externalID: String, field: String) {
        self.object = object
        self.externalID = externalID
        self.field = field
    }

    public var description: String { "\(object) \(externalID) \(field)" }
}

/// The remote value of a pushed field that LeadBridge last saw (in a pull or a push's read) or wrote: the *base* of
/// the three-way comparison.
public struct FieldBase: Sendable, Equatable {
    /// nil when the remote field was empty.
    public var value: String?
    /// Seconds since 1970, UTC.
    public var seenAt: Int64
    /// The push run that last wrote it; nil when it was only seen.
    public var writtenRunID: Int64?

    public init(value: String?, seenAt: Int64, writtenRunID: Int64?) {
        self.value = value
        self.seenAt = seenAt
        self.writtenRunID = writtenRunID
    }
}

/// A remote field's value as seen (in a pull page, or read before a push), to be kept as its base.
public struct SeenFieldValue: Sendable, Equatable {
    public var key: RemoteFieldKey
    /// nil when empty.
    public var value: String?

    public init(key: RemoteFieldKey, value: String?) {
        self.key = key
        self.value = value
    }
}

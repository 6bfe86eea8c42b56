/// A mapped activity record: something a person did, as one system reports it.
public struct ActivityPatch: Sendable, Equatable {
    /// How the activity names its person.
    public enum ContactReference: Sendable, Equatable {
        /// The person's record key in the same system (`object`, e.g. Pardot `Prospect` id, Marketo lead id).
        case externalID(object: String, id: String)
        /// The person's email (normalized).
        case email(String)
    }

    public var system: String
    public var externalID: String
    public var contact: ContactReference
    /// A canonical activity type (`page_view`, `form_fill`, `email_click`, …).
    public var type: String
    public var occurredAt: Int64
    public var url: String?
    public var campaign: String?
    public var asset: String?
    /// Any further mapped detail, by name.
    public var detail: [String: String]
    public var location: RecordLocation

    public init(
        system: String, externalID: String, contact: ContactReference, type: String, occurredAt: Int64,
        url: String? = nil, campaign: String? = nil, asset: String? = nil, detail: [String: String] = [:],
        location: RecordLocation
    ) {
        self.system = system
        self.externalID = externalID
        self.contact = contact
        self.type = type
        self.occurredAt = occurredAt
        self.url = url
        self.campaign = campaign
        self.asset = asset
        self.detail = detail
        self.location = location
    }

    public var fingerprint: Int64 {
        var hash = WordHash()
        hash.combine(type)
        hash.combine(occurredAt)
        for part in [url, campaign, asset] { hash.combine(part.map(FieldValue.text)) }
        switch contact {
        case .externalID(let object, let id):
            hash.combine(object)
            hash.combine(id)
        case .email(let email):
            hash.combine(email)
        }
        for key in detail.keys.sorted() {
            hash.combine(key)
            hash.combine(detail[key]!)
        }
        return Int64(bitPattern: hash.value)
    }
}

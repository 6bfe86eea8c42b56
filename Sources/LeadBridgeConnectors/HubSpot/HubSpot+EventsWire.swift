/// HubSpot events API wire types, written from the public reference
/// (https://developers.hubspot.com/docs/reference/api/analytics-and-events/event-analytics and HubSpot's own
/// client, hubspot-api-nodejs `codegen/events`: `CollectionResponseExternalUnifiedEvent`, `ExternalUnifiedEvent`).
extension HubSpotWire {
    /// `GET /events/v3/events/`: `{results: [ExternalUnifiedEvent], paging: {next: {after, link}}}`.
    struct EventsResponse: Decodable, Sendable {
        var results: [Event]
        var paging: Paging?
    }

    /// One event occurrence: `{objectType, objectId, eventType, occurredAt, id, properties}`.
    ///
    /// The client's model types `objectId` and `occurredAt` as text (an id, an ISO 8601 time) while the
    /// reference's example object shows numbers (`208451632`, epoch milliseconds): both are read. Property values
    /// are text in the model; a number or a boolean is read as its text.
    struct Event: Decodable, Sendable {
        var id: String
        var objectType: String?
        var objectId: String?
        var eventType: String?
        var occurredAt: String?
        var properties: [String: String]

        enum CodingKeys: String, CodingKey { case id, objectType, objectId, eventType, occurredAt, properties }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(Scalar.self, forKey: .id).text ?? ""
            objectType = try container.decodeIfPresent(Scalar.self, forKey: .objectType)?.text
            objectId = try container.decodeIfPresent(Scalar.self, forKey: .objectId)?.text
            eventType = try container.decodeIfPresent(Scalar.self, forKey: .eventType)?.text
            occurredAt = try container.decodeIfPresent(Scalar.self, forKey: .occurredAt)?.text
            let values = try container.decodeIfPresent([String: Scalar].self, forKey: .properties) ?? [:]
            properties = values.compactMapValues(\.text)
        }
    }

    /// A JSON scalar read as text: a string as it is, a whole number without a fraction, a boolean as
    /// `true`/`false`, null as nil.
    struct Scalar: Decodable, Sendable {
        var text: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                text = nil
            } else if let string = try? container.decode(String.self) {
                text = string
            } else if let number = try? container.decode(Int64.self) {
                text = String(number)
            } else if let number = try? container.decode(Double.self) {
                text = String(number)
            } else {
                text = String(try container.decode(Bool.self))
            }
        }
    }
}

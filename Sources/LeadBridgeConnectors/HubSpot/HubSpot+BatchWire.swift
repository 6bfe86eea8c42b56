extension HubSpotWire {
    /// `POST /crm/v3/objects/{objectType}/batch/update` body.
    struct BatchUpdateRequest: Encodable, Sendable {
        struct Input: Encodable, Sendable {
            var id: String
            var properties: [String: String]
        }
        var inputs: [Input]
    }

    /// A batch answer: HTTP 200 when every input succeeded, 207 multi-status with `errors` when some did not.
    /// Each error names its inputs in `context.ids`.
    /// https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/post-crm-v3-objects-contacts-batch-update
    struct BatchResponse: Decodable, Sendable {
        struct Result: Decodable, Sendable { var id: String }
        struct Failure: Decodable, Sendable {
            var status: String?
            var category: String?
            var message: String?
            var context: [String: [String]]?
        }
        var status: String?
        var results: [Result]
        var numErrors: Int?
        var errors: [Failure]?
    }
}

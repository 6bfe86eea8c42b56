extension SalesforceWire {
    /// One entry of an sObject Collections answer (`composite/sobjects`), in the order of the request's records:
    /// `{id, success, errors: [{statusCode, message, fields}]}`; a failed entry may have no id.
    /// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
    struct CollectionResult: Decodable, Sendable {
        struct Failure: Decodable, Sendable {
            var statusCode: String
            var message: String?
            var fields: [String]?
        }
        var id: String?
        var success: Bool
        var errors: [Failure]?
    }
}

/// Salesforce REST wire types, written from the REST API and OAuth documentation
/// (resources_query.htm, resources_sobject_describe.htm, errorcodes.htm, remoteaccess_oauth_*_flow.htm).
enum SalesforceWire {
    /// `POST /services/oauth2/token` success.
    struct TokenResponse: Decodable, Sendable {
        var access_token: String
        var instance_url: String
        var token_type: String?
        var issued_at: String?
    }

    /// `POST /services/oauth2/token` failure: `{"error": "invalid_grant", "error_description": "…"}`.
    struct OAuthError: Decodable, Sendable {
        var error: String
        var error_description: String?
    }

    /// One entry of the REST error array: `[{"message": "…", "errorCode": "INVALID_SESSION_ID"}]`, with the
    /// `fields` concerned when the error is about fields (`INVALID_FIELD_FOR_INSERT_UPDATE`).
    struct ErrorEntry: Decodable, Sendable {
        var message: String?
        var errorCode: String?
        var fields: [String]?
    }

    /// `GET /services/data/vXX.X/query` and its `nextRecordsUrl` pages.
    struct QueryResponse: Decodable, Sendable {
        var totalSize: Int?
        var done: Bool
        var nextRecordsUrl: String?
        var records: [Record]
    }

    /// A record's fields as text: strings as they are, numbers and booleans spelled out, nulls and nested objects
    /// (`attributes`, relationships) left out.
    struct Record: Decodable, Sendable {
        var fields: [String: String]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            var fields: [String: String] = [:]
            fields.reserveCapacity(container.allKeys.count)
            for key in container.allKeys where key.stringValue != "attributes" {
                if try container.decodeNil(forKey: key) { continue }
                if let text = try? container.decode(String.self, forKey: key) {
                    fields[key.stringValue] = text
                } else if let number = try? container.decode(Int64.self, forKey: key) {
                    fields[key.stringValue] = String(number)
                } else if let number = try? container.decode(Double.self, forKey: key) {
                    fields[key.stringValue] = String(number)
                } else if let flag = try? container.decode(Bool.self, forKey: key) {
                    fields[key.stringValue] = flag ? "true" : "false"
                }
            }
            self.fields = fields
        }
    }

    /// `GET /services/data/vXX.X/sobjects/<Object>/describe`.
    struct Describe: Decodable, Sendable {
        struct Field: Decodable, Sendable {
            struct PicklistValue: Decodable, Sendable {
                var value: String
                var active: Bool?
            }
            var name: String
            var label: String?
            var type: String?
            var updateable: Bool?
            var picklistValues: [PicklistValue]?
        }
        var name: String
        var fields: [Field]
    }
}

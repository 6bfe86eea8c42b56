/// Marketo REST wire formats (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes).
enum MarketoWire {
    /// Every REST answer's envelope: `success`, the response-level `errors` (codes 601–799, as quoted numbers)
    /// and, for writes, the per-record `result`.
    struct Envelope: Decodable, Sendable {
        var requestId: String?
        var success: Bool?
        var errors: [Reason]?
        var result: [RecordResult]?
    }

    /// A response-level error or a per-record reason: `{code, message}`.
    struct Reason: Decodable, Sendable {
        var code: String
        var message: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // Marketo quotes its codes ("601"); accept a bare number too.
            if let text = try? container.decode(String.self, forKey: .code) {
                code = text
            } else {
                code = String(try container.decode(Int.self, forKey: .code))
            }
            message = try container.decodeIfPresent(String.self, forKey: .message)
        }

        enum CodingKeys: String, CodingKey { case code, message }
    }

    /// One record of a write's `result`: `{id, status: created|updated|deleted|skipped, reasons}`.
    struct RecordResult: Decodable, Sendable {
        var id: Int?
        var status: String?
        var reasons: [Reason]?
    }
}

extension MarketoWire {
    /// `GET /identity/oauth/token`: `{access_token, token_type, expires_in, scope}`.
    struct TokenResponse: Decodable, Sendable {
        var access_token: String
        var expires_in: Int?
    }

    /// The identity endpoint's OAuth error: `{error, error_description}`.
    struct OAuthError: Decodable, Sendable {
        var error: String?
        var error_description: String?
    }

    /// `GET /rest/v1/activities/pagingtoken.json`.
    struct PagingToken: Decodable, Sendable {
        var nextPageToken: String
    }

    /// A JSON scalar as text: strings as they are, numbers and booleans spelled out; nil for null and nesting.
    struct Text: Decodable, Sendable {
        var value: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                value = text
            } else if let number = try? container.decode(Int64.self) {
                value = String(number)
            } else if let number = try? container.decode(Double.self) {
                value = String(number)
            } else if let flag = try? container.decode(Bool.self) {
                value = flag ? "true" : "false"
            } else {
                value = nil
            }
        }
    }

    /// A page of `activities.json`, `activities/leadchanges.json` or `activities/deletedleads.json`: `result` is
    /// absent on an empty page, which may still say `moreResult: true`.
    struct ActivityPage: Decodable, Sendable {
        var result: [Activity]?
        var nextPageToken: String?
        var moreResult: Bool?
    }

    /// One activity: `{id, marketoGUID, leadId, activityDate, activityTypeId, primaryAttributeValue(Id),
    /// campaignId, attributes: [{name, value}]}`; a lead change also has `fields: [{name, newValue, oldValue}]`.
    struct Activity: Decodable, Sendable {
        struct Attribute: Decodable, Sendable {
            var name: String
            var value: Text?
        }

        struct ChangedField: Decodable, Sendable {
            var name: String
        }

        var id: Text?
        var marketoGUID: String?
        var leadId: Int64?
        var activityDate: String?
        var activityTypeId: Int?
        var primaryAttributeValueId: Text?
        var primaryAttributeValue: Text?
        var campaignId: Text?
        var attributes: [Attribute]?
        var fields: [ChangedField]?

        /// The activity's key: `marketoGUID`, which replaces the integer `id`.
        var key: String? { marketoGUID ?? id?.value }
    }

    /// `GET /rest/v1/leads.json`: leads as flat records, with `nextPageToken` while more remain.
    struct LeadPage: Decodable, Sendable {
        var result: [Lead]?
        var nextPageToken: String?
    }

    /// A lead's fields as text (nulls left out).
    struct Lead: Decodable, Sendable {
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
            for key in container.allKeys {
                if let text = try container.decode(Text.self, forKey: key).value { fields[key.stringValue] = text }
            }
            self.fields = fields
        }
    }

    /// `GET /rest/v1/activities/types.json`.
    struct ActivityTypes: Decodable, Sendable {
        var result: [ActivityType]?
    }

    struct ActivityType: Decodable, Sendable {
        struct Attribute: Decodable, Sendable {
            var name: String
            var dataType: String?
        }

        var id: Int
        var name: String
        var primaryAttribute: Attribute?
        var attributes: [Attribute]?
    }

    /// `GET /rest/v1/leads/describe.json`.
    struct Describe: Decodable, Sendable {
        struct Field: Decodable, Sendable {
            struct Names: Decodable, Sendable {
                var name: String
                var readOnly: Bool?
            }

            var displayName: String?
            var dataType: String?
            var rest: Names?
        }

        var result: [Field]?
    }
}

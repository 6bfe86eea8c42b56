/// HubSpot CRM v3 wire types, written from the public API reference
/// (https://developers.hubspot.com/docs/api/crm/search, /crm/contacts, /crm/properties, /error-handling).
enum HubSpotWire {
    struct SearchRequest: Encodable, Sendable {
        struct FilterGroup: Encodable, Sendable { var filters: [Filter] }
        struct Filter: Encodable, Sendable {
            var propertyName: String
            var `operator`: String
            var value: String
        }
        struct Sort: Encodable, Sendable {
            var propertyName: String
            var direction: String
        }

        var filterGroups: [FilterGroup]
        var sorts: [Sort]
        var properties: [String]
        var limit: Int
        var after: String?
    }

    struct SearchResponse: Decodable, Sendable {
        var total: Int?
        var results: [Object]
        var paging: Paging?
    }

    struct Object: Decodable, Sendable {
        var id: String
        var properties: [String: String?]
        var createdAt: String?
        var updatedAt: String?
        var archived: Bool?
    }

    struct Paging: Decodable, Sendable {
        struct Next: Decodable, Sendable {
            var after: String
        }
        var next: Next?
    }

    /// `GET /crm/v3/properties/contacts`.
    struct PropertiesResponse: Decodable, Sendable {
        var results: [Property]
    }

    struct Property: Decodable, Sendable {
        struct Option: Decodable, Sendable {
            var label: String?
            var value: String
        }
        struct ModificationMetadata: Decodable, Sendable {
            var readOnlyValue: Bool?
        }
        var name: String
        var label: String?
        var type: String?
        var fieldType: String?
        var options: [Option]?
        var modificationMetadata: ModificationMetadata?
    }

    /// `{"status":"error","message":…,"correlationId":…,"category":…}`; rate limits add `errorType` and
    /// `policyName`.
    struct ErrorBody: Decodable, Sendable {
        var status: String?
        var message: String?
        var category: String?
        var errorType: String?
        var policyName: String?
    }
}

/// HubSpot CRM wire types, written from the public API reference
/// (https://developers.hubspot.com/docs/api/crm/search, /crm/contacts, /crm/email, /crm/meetings, /crm/notes,
/// /crm/properties, /error-handling, and the v4 association batch read:
/// https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations).
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
        /// Set on archived records (`archived=true` listings).
        var archivedAt: String?
    }

    /// `GET /crm/v3/objects/{objectType}?limit=&after=&archived=`: a page of a listing.
    struct ListResponse: Decodable, Sendable {
        var results: [Object]
        var paging: Paging?
    }

    /// `POST /crm/v3/objects/{objectType}/batch/read`: `{"inputs": [{"id"}], "properties", "propertiesWithHistory"}`,
    /// at most 100 ids (https://developers.hubspot.com/docs/api/crm/contacts, batch read).
    struct BatchReadRequest: Encodable, Sendable {
        struct Input: Encodable, Sendable { var id: String }
        var inputs: [Input]
        var properties: [String]
        var propertiesWithHistory: [String] = []
    }

    /// The records found (200), and the ids not found as an `OBJECT_NOT_FOUND` error (207).
    struct BatchReadResponse: Decodable, Sendable {
        var status: String?
        var results: [Object]
    }

    /// `POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read`: `{"inputs": [{"id"}]}`, at most
    /// 1,000 ids (https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api).
    struct AssociationReadRequest: Encodable, Sendable {
        struct Input: Encodable, Sendable { var id: String }
        var inputs: [Input]
    }

    /// The associations of each id that has any; ids without come back in `errors` (`NO_ASSOCIATIONS_FOUND`, HTTP
    /// 207). `paging` appears on a result only when that id has more associations than one page holds.
    struct AssociationReadResponse: Decodable, Sendable {
        struct Result: Decodable, Sendable {
            struct From: Decodable, Sendable { var id: String }
            var from: From
            var to: [Associated]
            var paging: Paging?
        }
        struct Associated: Decodable, Sendable {
            /// The reference types it as a string; responses show a number. Both are read.
            var toObjectId: String

            enum CodingKeys: String, CodingKey { case toObjectId }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                if let number = try? container.decode(Int64.self, forKey: .toObjectId) {
                    toObjectId = String(number)
                } else {
                    toObjectId = try container.decode(String.self, forKey: .toObjectId)
                }
            }
        }
        var status: String?
        var results: [Result]
        var errors: [ErrorBody]?
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

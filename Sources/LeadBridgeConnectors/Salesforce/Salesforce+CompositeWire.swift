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

    /// `PATCH /services/data/vXX.X/composite/sobjects`: `{"allOrNone": false, "records": [...]}`, at most 200.
    struct CollectionUpdateRequest: Encodable, Sendable {
        var allOrNone: Bool
        var records: [RecordUpdate]
    }

    /// One record to update: `{"attributes": {"type": "Lead"}, "id": "00Q…", "Lead_Score__c": 72}` in a collection,
    /// or only its fields as the body of a single-record `PATCH …/sobjects/<Object>/<id>` (type and id nil).
    struct RecordUpdate: Encodable, Sendable {
        var type: String?
        var id: String?
        var fields: [String: FieldValue]

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ name: String) { stringValue = name }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            if let type {
                var attributes = container.nestedContainer(keyedBy: Key.self, forKey: Key("attributes"))
                try attributes.encode(type, forKey: Key("type"))
            }
            if let id { try container.encode(id, forKey: Key("id")) }
            for name in fields.keys.sorted() { try container.encode(fields[name]!, forKey: Key(name)) }
        }
    }

    /// A field value as Salesforce's JSON takes it: numbers for number fields (`double`, `int`, `currency`,
    /// `percent`) and booleans for checkboxes, as the REST examples send them; `null` clears a field; text elsewhere.
    enum FieldValue: Encodable, Sendable, Equatable {
        case text(String)
        case integer(Int64)
        case number(Double)
        case flag(Bool)
        case null

        static let numberTypes: Set<String> = ["double", "int", "currency", "percent"]

        /// The value LeadBridge writes as text, typed by the field's describe `type` (nil when unknown): an empty
        /// value is `null`; a value that does not read as the field's type stays text, for Salesforce to refuse
        /// record by record.
        init(_ text: String, type: String?) {
            if text.isEmpty {
                self = .null
            } else if let type, Self.numberTypes.contains(type), let number = Self.decimal(text) {
                if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
                    self = .integer(Int64(number))
                } else {
                    self = .number(number)
                }
            } else if type == "boolean", ["true", "false"].contains(text.lowercased()) {
                self = .flag(text.lowercased() == "true")
            } else {
                self = .text(text)
            }
        }

        /// A plain decimal number (`72`, `-3.5`, `1e3`): not `nan`, `inf` or a hexadecimal float, which `Double`
        /// also reads.
        static func decimal(_ text: String) -> Double? {
            guard text.utf8.allSatisfy({ (48...57).contains($0) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 101
                || $0 == 69 }), let number = Double(text), number.isFinite
            else { return nil }
            return number
        }

        /// A number field's value as text, as LeadBridge writes it: Salesforce answers a `double` as `72.0`, which
        /// reads back as `72`, so that an unchanged score compares equal.
        static func normalized(_ text: String, type: String?) -> String {
            guard let type, numberTypes.contains(type), let number = decimal(text), number == number.rounded(),
                abs(number) < 9_007_199_254_740_992
            else { return text }
            return String(Int64(number))
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .integer(let number): try container.encode(number)
            case .number(let number): try container.encode(number)
            case .flag(let flag): try container.encode(flag)
            case .null: try container.encodeNil()
            }
        }
    }
}

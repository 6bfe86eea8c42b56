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

/// Why a remote API refused or skipped one record of a batch: its own code, message and the fields concerned.
public struct RemoteRecordError: Sendable, Equatable, CustomStringConvertible {
    /// The API's code (`OBJECT_NOT_FOUND`, `REQUIRED_FIELD_MISSING`, Marketo `1004`).
    public var code: String
    public var message: String
    /// The remote fields the error concerns, when the API names them.
    public var fields: [String]

    public init(code: String, message: String, fields: [String] = []) {
        self.code = code
        self.message = message
        self.fields = fields
    }

    public var description: String {
        code + ": " + message + (fields.isEmpty ? "" : " (" + fields.joined(separator: ", ") + ")")
    }
}

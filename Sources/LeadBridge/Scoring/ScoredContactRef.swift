/// A contact named in a report: its id and email.
public struct ScoredContactRef: Sendable, Equatable, Codable {
    public var id: Int64
    public var email: String?

    public init(id: Int64, email: String?) {
        self.id = id
        self.email = email
    }
}

/// A rejected record on its way into the `rejects` table, with the raw record so that nothing is lost.
public struct RejectEntry: Sendable, Equatable {
    public var connection: String
    /// `contacts` or `activities`.
    public var stream: String
    public var rejection: RecordRejection
    /// The raw record as a JSON object, when there was one.
    public var recordJSON: String?

    public init(connection: String, stream: String, rejection: RecordRejection, recordJSON: String? = nil) {
        self.connection = connection
        self.stream = stream
        self.rejection = rejection
        self.recordJSON = recordJSON
    }
}

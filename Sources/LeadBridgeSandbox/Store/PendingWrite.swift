/// The request side of a write-log entry, before the store numbers and stamps it.
struct PendingWrite: Sendable {
    var vendor: String
    var method: String
    var path: String
    var body: String
    var status: Int
}

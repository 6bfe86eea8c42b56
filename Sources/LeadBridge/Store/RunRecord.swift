/// One row of `runs`: a command's execution with its counters.
public struct RunRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        case running, ok, partial, failed
    }

    public var id: Int64
    public var command: String
    public var connection: String?
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var status: Status
    public var counts: [String: Int]
    public var message: String?
}

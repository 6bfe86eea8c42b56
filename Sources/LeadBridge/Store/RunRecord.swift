/// One row of `runs`: a command's execution with its counters.
public struct RunRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Started and not finished: in progress, or killed before a later run noticed (see ``RunOwner``).
        case running
        case ok, partial, failed
        /// Its process ended without recording how the run ended (killed, or the machine stopped).
        case interrupted
    }

    public var id: Int64
    public var command: String
    public var connection: String?
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var status: Status
    public var counts: [String: Int]
    public var message: String?
    /// The process and host that ran it; nil for runs recorded before they were (store migration v6).
    public var pid: Int64? = nil
    public var host: String? = nil
}

/// A connection's remote failed during `pull`: which connection, the remote's error, and whether a person fixes it
/// in the configuration or by running again.
public struct PullFailure: Error, Sendable, CustomStringConvertible {
    public var connection: String
    public var cause: any RemoteFailure

    public init(connection: String, cause: any RemoteFailure) {
        self.connection = connection
        self.cause = cause
    }

    /// Credentials, base URL or a mapping the remote rejects (the CLI's exit code 2).
    public var isConfigurationProblem: Bool { cause.isConfigurationProblem }

    public var description: String {
        isConfigurationProblem ? "\(connection): \(cause)"
            : "\(connection): \(cause) (what was stored before stays; run `leadbridge pull` again to resume)"
    }
}

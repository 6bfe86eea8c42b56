/// An error of a remote system that says whether a person fixes it in the configuration (credentials, base URL,
/// mapping) or by waiting and running again: what jobs need to report it.
public protocol RemoteFailure: Error, Sendable, CustomStringConvertible {
    /// Credentials, permissions, base URL or a mapping the remote rejects: fix the configuration.
    var isConfigurationProblem: Bool { get }
}

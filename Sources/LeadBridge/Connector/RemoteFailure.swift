/// An error of a remote system that says whether a person fixes it in the configuration (credentials, base URL,
/// mapping) or by waiting and running again: what jobs need to report it.
public protocol RemoteFailure: Error, Sendable, CustomStringConvertible {
    /// Credentials, permissions, base URL or a mapping the remote rejects: fix the configuration.
    var isConfigurationProblem: Bool { get }

    /// The remote refused the request for what it carried (HTTP 400 with a validation error): a batch write
    /// refused so is split to find the records at fault; anything else stops the push.
    var refusedTheData: Bool { get }
}

extension RemoteFailure {
    public var refusedTheData: Bool { false }
}

import Foundation
import LeadBridge

/// A credential ready to send: the bearer value and, for APIs that say where to call (Salesforce), the base URL.
public struct AccessToken: Sendable, Equatable {
    public var value: Secret
    /// Where the API lives for this token (Salesforce `instance_url`); nil to use the configured base URL.
    public var instanceURL: URL?
    /// A number that changes with every new token, so a stale one can be told from the current one.
    public var generation: Int

    public init(value: Secret, instanceURL: URL? = nil, generation: Int = 0) {
        self.value = value
        self.instanceURL = instanceURL
        self.generation = generation
    }
}

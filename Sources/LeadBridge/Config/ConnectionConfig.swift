/// One entry of `connections:` in the config: a remote system or an export-file source.
public struct ConnectionConfig: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case file, hubspot, salesforce, marketo, pardot

        /// Whether sales decisions live there (its stage fields outrank marketing's).
        public var isCRM: Bool { self == .salesforce || self == .hubspot }
    }

    /// A setting whose value comes from the environment: resolved, or the variable that was missing.
    public enum SecretValue: Sendable, Equatable {
        case resolved(Secret)
        case missing(variable: String, position: String)
    }

    public var name: String
    public var kind: Kind
    /// Absolute (resolved against the config file's folder).
    public var mappingPath: String
    public var baseURL: String?
    /// Credentials by key (`token`, `client_id`, `client_secret`, `refresh_token`, …).
    public var secrets: [String: SecretValue]
    /// The kind's settings, typed and checked when the config loaded.
    public var settings: ConnectionSettings
    /// Where the connection is defined, for messages.
    public var position: String

    /// A credential, or an error naming the missing environment variable.
    public func secret(_ key: String) throws(ConfigurationError) -> Secret? {
        switch secrets[key] {
        case .resolved(let secret)?: return secret
        case .missing(let variable, let position)?:
            throw ConfigurationError([Diagnostic(file: position, message:
                "environment variable \(variable) is not set (connections.\(name).\(key)); export it before running")])
        case nil: return nil
        }
    }

    /// Every credential that is missing from the environment.
    public var missingSecrets: [Diagnostic] {
        secrets.keys.sorted().compactMap { key in
            guard case .missing(let variable, let position)? = secrets[key] else { return nil }
            return Diagnostic(file: position, message:
                "environment variable \(variable) is not set (connections.\(name).\(key)); export it before running")
        }
    }
}

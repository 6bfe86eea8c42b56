import Foundation
import LeadBridge

extension ConnectionConfig {
    /// A configuration problem of this connection, at its position.
    func problem(_ message: String) -> ConfigurationError {
        ConfigurationError(file: position, "connections.\(name): \(message)")
    }

    /// A credential the connector cannot work without.
    func requiredSecret(_ key: String) throws(ConfigurationError) -> Secret {
        guard let secret = try secret(key) else {
            throw problem("`\(key):` is missing; add `\(key): ${ENV_VAR}` and export the variable")
        }
        return secret
    }

    /// `base_url` as an http(s) URL with a host.
    func httpBaseURL(example: String) throws(ConfigurationError) -> URL {
        guard let text = baseURL, let url = URL(string: text), url.scheme?.hasPrefix("http") == true,
            url.host != nil
        else {
            throw problem("`base_url:` must be an http(s) URL, e.g. \(example)")
        }
        return url
    }
}

/// The emulated APIs. Each is served under its own path prefix on the one port (`/hubspot`, `/salesforce`,
/// `/marketo`, `/pardot`); since the four APIs' own paths do not overlap, the unprefixed paths work too.
public enum SandboxVendor: String, Sendable, CaseIterable, Codable {
    case hubspot
    case salesforce
    case marketo
    case pardot

    /// The path prefix of the vendor's base URL.
    public var pathPrefix: String { "/" + rawValue }
}

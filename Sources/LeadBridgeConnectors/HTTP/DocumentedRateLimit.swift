/// A rate limit the vendor documents but does not announce in its responses, on some of its endpoints: HubSpot's
/// CRM search, 5 requests per second per account. ``RatePacer`` keeps requests to those endpoints inside it.
public struct DocumentedRateLimit: Sendable {
    /// What the limit covers, for people: `CRM search`.
    public var name: String
    /// Requests allowed in any `interval`.
    public var max: Int
    public var interval: Duration
    /// Whether a request to the endpoint (`METHOD /path`, as ``HTTPClient`` names it) counts against the limit.
    public var covers: @Sendable (String) -> Bool

    public init(name: String, max: Int, per interval: Duration, covers: @escaping @Sendable (String) -> Bool) {
        self.name = name
        self.max = max
        self.interval = interval
        self.covers = covers
    }
}

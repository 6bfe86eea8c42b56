/// A rate limit the vendor documents but does not announce in its responses, on some or all of its endpoints:
/// HubSpot's CRM search, 5 requests per second per account; Marketo's 100 calls per 20 seconds per instance.
/// ``RatePacer`` keeps requests to those endpoints inside it.
public struct DocumentedRateLimit: Sendable {
    /// What the limit covers, for people: `CRM search`.
    public var name: String
    /// Requests allowed in any `interval`.
    public var max: Int
    public var interval: Duration
    /// Whether a request to the endpoint (`METHOD /path`, as ``HTTPClient`` names it) counts against the limit.
    public var covers: @Sendable (String) -> Bool
    /// Whether a new pacer takes the limit as spent when it starts, so that its first covered request waits one
    /// `interval`: worth it when the interval is short and a run often follows another within it (HubSpot's searches:
    /// a no-change pull right after a full one drew two 429s otherwise). False, the default, starts with an empty
    /// window: a long interval (Marketo's 20 s) would cost every run a wait, and a refusal (Marketo's 606) still
    /// backs off.
    public var startsSpent: Bool

    public init(name: String, max: Int, per interval: Duration, startsSpent: Bool = false,
                covers: @escaping @Sendable (String) -> Bool) {
        self.name = name
        self.max = max
        self.interval = interval
        self.startsSpent = startsSpent
        self.covers = covers
    }
}

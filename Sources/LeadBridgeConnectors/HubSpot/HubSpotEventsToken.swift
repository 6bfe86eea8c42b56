import LeadBridge

/// Where a web-event stream stands: the `after` cursor of the next page (nil for the first), and the ids of the
/// events read at the latest `occurredAt` so far, skipped if a later page returns them again.
///
/// Only `after` identifies the token for the loop guard.
public struct HubSpotEventsToken: Hashable, Sendable {
    var after: String?
    /// The latest occurrence time read so far (UTC milliseconds), and the ids read at exactly that time.
    var boundary: Int64?
    var boundaryIDs: Set<String> = []
    /// Events read by the earlier pages, for the records' locations.
    var delivered = 0

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.after == rhs.after }
    public func hash(into hasher: inout Hasher) { hasher.combine(after) }
}

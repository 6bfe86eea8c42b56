import LeadBridge

/// Where a HubSpot CRM search (contacts or an engagement object) stands: the lower bound on the modification
/// property of the current query and the `after` offset within it, plus the ids already read at the boundary time,
/// skipped when the query restarts.
///
/// Only (since, after) identify the token for the loop guard.
public struct HubSpotSearchToken: Hashable, Sendable {
    var since: Int64?
    var after: Int
    /// The latest modification time read so far, and the ids read at exactly that time.
    var boundary: Int64?
    var boundaryIDs: Set<String> = []

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.since == rhs.since && lhs.after == rhs.after }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(since)
        hasher.combine(after)
    }
}

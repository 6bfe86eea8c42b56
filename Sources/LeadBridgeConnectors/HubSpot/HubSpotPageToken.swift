import LeadBridge

/// Where a HubSpot stream stands: a CRM search (contacts, engagements), the listing of archived contacts, or a
/// web-event listing.
public enum HubSpotPageToken: Hashable, Sendable {
    case search(HubSpotSearchToken)
    case archived(HubSpotArchiveToken)
    case events(HubSpotEventsToken)
}

/// Where the listing of archived contacts stands: the `after` of the next page, and the latest (archivedAt, id)
/// seen so far, which becomes the stream's cursor once the listing is complete.
///
/// Only `after` identifies the token for the loop guard.
public struct HubSpotArchiveToken: Hashable, Sendable {
    var after: String?
    var latest: StreamCursor?

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.after == rhs.after }
    public func hash(into hasher: inout Hasher) { hasher.combine(after) }
}

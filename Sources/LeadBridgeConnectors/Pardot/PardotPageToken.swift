import LeadBridge

/// Where a Pardot pull stands (see ``PardotSource`` for the scheme).
public struct PardotPageToken: Hashable, Sendable {
    enum Phase: Hashable, Sendable {
        /// Prospects updated after `after` (UTC seconds; nil: all), sorted by `updated_at`.
        case window(after: Int64?)
        /// Every prospect updated within one second, by id: a second that holds more than a page.
        case second(Int64, afterID: Int64)
        /// Deleted prospects (the recycle bin) updated after the pull's start, by id.
        case deleted(afterID: Int64)
        /// Visitor activities created after the pull's start, by id.
        case activities(afterID: Int64)
    }

    var phase: Phase
    /// Ids already delivered in the second the last window page ended in (re-read by the next page).
    var boundary: Set<Int64> = []
    /// The greatest (updated or created time, id) delivered so far.
    var last: StreamCursor?
    /// Records read so far in this stream, for record locations.
    var read = 0
}

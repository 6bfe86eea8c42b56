import Foundation

/// Tells apart the records several systems hold of one event (a HubSpot meeting and the Salesforce task its sync
/// created) from distinct events, as a contact's activities stream by in the scoring index's order.
///
/// A record is a **copy** of an event already counted when it has the same contact and canonical type, comes from
/// a system that event has no record from yet, is at most `tolerance` seconds after the event's first record, and
/// carries the same identifying detail: the first of URL, asset and campaign that both records have decides (the
/// most specific first: systems fill `campaign` with different things, a page's URL or an email's subject names
/// the event); two records with none of the three in common are the same event only when neither has any.
/// Values are compared exactly as stored; empty means none. Records from one system are never copies of each other
/// (two views of one page a minute apart are two views): an event has at most one record per system.
///
/// The first record of an event counts, at its own time; its copies are read and not counted. Records must come
/// in (contact, type, time) order; within one time, in the index's order (URL, campaign, asset, system), so the
/// outcome does not depend on the order in which records were pulled. Flat arrays reused from contact to contact:
/// no allocation per record once warm.
struct SameEventWindow {
    enum Outcome: Equatable {
        /// The first record of an event: it counts. Events are numbered 0, 1, 2… in order of first record.
        case counted(event: Int)
        /// A copy of an event counted before.
        case copy(of: Int)
    }

    /// The greatest time between an event's first record and a copy, in seconds (0: the same second).
    let tolerance: Int64

    /// The events of the current contact and type whose first record is within `tolerance` of the latest record
    /// (from `first` on), with their details' bytes in `details`.
    private var events: [Event] = []
    private var first = 0
    private var details: [UInt8] = []
    private var contactID: Int64 = .min
    private var type = -1
    private var nextEvent = 0

    private struct Event {
        var number: Int
        var occurredAt: Int64
        /// One bit per system code (codes from 63 on share the last bit: such a system is then taken to be
        /// present, so a copy from it counts again rather than an event being lost).
        var systems: UInt64
        /// Start and length of the URL, campaign and asset in `details`; a length of -1: none.
        var url: (start: Int, count: Int)
        var campaign: (start: Int, count: Int)
        var asset: (start: Int, count: Int)

        var hasDetail: Bool { url.count >= 0 || campaign.count >= 0 || asset.count >= 0 }
    }

    init(tolerance: Int64) {
        self.tolerance = tolerance
    }

    /// Forgets the current contact's events (before a new run of records).
    mutating func reset() {
        contactID = .min
        type = -1
        clear()
    }

    /// Classifies the next record. `system` is a small code per system name (the caller's interning).
    mutating func observe(
        contactID: Int64, type: Int, occurredAt: Int64, system: Int, url: UnsafeRawBufferPointer?,
        campaign: UnsafeRawBufferPointer?, asset: UnsafeRawBufferPointer?
    ) -> Outcome {
        if contactID != self.contactID || type != self.type {
            self.contactID = contactID
            self.type = type
            clear()
        } else {
            while first < events.count, events[first].occurredAt < occurredAt - tolerance { first += 1 }
            if first == events.count { clear() }
        }
        let url = Self.present(url)
        let campaign = Self.present(campaign)
        let asset = Self.present(asset)
        let bit: UInt64 = 1 << UInt64(min(max(system, 0), 63))
        if first < events.count {
            for index in first..<events.count where events[index].systems & bit == 0 {
                if sameDetail(events[index], url: url, campaign: campaign, asset: asset) {
                    events[index].systems |= bit
                    return .copy(of: events[index].number)
                }
            }
        }
        let number = nextEvent
        nextEvent += 1
        events.append(Event(
            number: number, occurredAt: occurredAt, systems: bit, url: keep(url), campaign: keep(campaign),
            asset: keep(asset)))
        return .counted(event: number)
    }

    /// The decisive detail: URL, else asset, else campaign, the first both records have; none in common: the same
    /// event only when neither has any.
    private func sameDetail(
        _ event: Event, url: UnsafeRawBufferPointer?, campaign: UnsafeRawBufferPointer?,
        asset: UnsafeRawBufferPointer?
    ) -> Bool {
        if event.url.count >= 0, let url { return equal(event.url, url) }
        if event.asset.count >= 0, let asset { return equal(event.asset, asset) }
        if event.campaign.count >= 0, let campaign { return equal(event.campaign, campaign) }
        return !event.hasDetail && url == nil && campaign == nil && asset == nil
    }

    private func equal(_ stored: (start: Int, count: Int), _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard stored.count == bytes.count else { return false }
        return details.withUnsafeBytes { all in
            bytes.isEmpty || memcmp(all.baseAddress! + stored.start, bytes.baseAddress!, bytes.count) == 0
        }
    }

    private mutating func keep(_ bytes: UnsafeRawBufferPointer?) -> (start: Int, count: Int) {
        guard let bytes else { return (0, -1) }
        let start = details.count
        details.append(contentsOf: bytes)
        return (start, bytes.count)
    }

    private mutating func clear() {
        events.removeAll(keepingCapacity: true)
        details.removeAll(keepingCapacity: true)
        first = 0
    }

    /// Empty text is no value, as everywhere in LeadBridge.
    private static func present(_ bytes: UnsafeRawBufferPointer?) -> UnsafeRawBufferPointer? {
        guard let bytes, !bytes.isEmpty else { return nil }
        return bytes
    }
}

import Foundation

/// Tells apart the records several systems hold of one event (a HubSpot meeting and the Salesforce task its sync
/// created) from distinct events, as a contact's activities stream by in the scoring index's order.
///
/// A record is a **copy** of an event already counted when it has the same contact and canonical type, comes from
/// a system that event has no record from yet, is at most `tolerance` seconds after the event's first record, and
/// has the same identifying detail: its most specific one, the URL, else the asset, else the campaign
/// (``identifyingDetail(url:campaign:asset:)``); two records without any are the same event, a record with one and
/// a record without are not. Details are compared exactly as stored. Records from one
/// system are never copies of each other (two views of one page a minute apart are two views): an event has at
/// most one record per system.
///
/// The first record of an event counts, at its own time; its copies are read and not counted. Only records that an
/// engagement rule counts are observed (the callers' part): a record no rule counts (an email open older than its
/// rule's `within_days`, a page no pattern names) neither counts nor makes a later record of its event a copy, so
/// an event is never lost because its first record happened to be one no rule counts. Records must come
/// in (contact, type, time) order; within one time, in the index's order (URL, campaign, asset, system), so the
/// outcome does not depend on the order in which records were pulled. Flat buffers reused from contact to contact
/// (counts reset, storage kept): no allocation per record once warm, and no generic array work on the hot path.
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
    /// (`first..<count`; storage past `count` is spare), with their details' bytes in `details` (`..<detailCount`).
    private var events: [Event] = []
    private var count = 0
    private var first = 0
    private var details: [UInt8] = []
    private var detailCount = 0
    private var contactID: Int64 = .min
    private var type = -1
    private var nextEvent = 0

    private struct Event {
        var number: Int
        var occurredAt: Int64
        /// One bit per system code (codes from 63 on share the last bit: such a system is then taken to be
        /// present, so a copy from it counts again rather than an event being lost).
        var systems: UInt64
        /// Where the identifying detail is in `details`; a length of -1: none.
        var detailStart: Int
        var detailLength: Int
    }

    init(tolerance: Int64) {
        self.tolerance = tolerance
    }

    /// The detail that identifies an event: the URL, else the asset, else the campaign (the most specific first: a
    /// page's URL, an email's or a meeting's subject, and only then the campaign, which systems fill with different
    /// things); empty text (which mappings never store) is none. The scoring query computes the same in SQL,
    /// `coalesce(url, asset, campaign)` (``ScoringStatements/activities``).
    static func identifyingDetail(url: String?, campaign: String?, asset: String?) -> String? {
        guard let detail = url ?? asset ?? campaign, !detail.isEmpty else { return nil }
        return detail
    }

    /// Forgets the current contact's events (before a new run of records).
    mutating func reset() {
        contactID = .min
        type = -1
        clear()
    }

    /// Classifies the next record. `system` is a small code per system name (the caller's interning); `detail`
    /// the record's ``identifyingDetail(url:campaign:asset:)``.
    @inline(__always)
    mutating func observe(
        contactID: Int64, type: Int, occurredAt: Int64, system: Int, detail: UnsafeRawBufferPointer?
    ) -> Outcome {
        if contactID != self.contactID || type != self.type {
            self.contactID = contactID
            self.type = type
            clear()
        } else {
            while first < count, events[first].occurredAt < occurredAt - tolerance { first += 1 }
            if first == count { clear() }
        }
        let detail = detail.flatMap { $0.isEmpty ? nil : $0 }
        let bit: UInt64 = 1 << UInt64(min(max(system, 0), 63))
        if first < count {
            for index in first..<count where events[index].systems & bit == 0 {
                if sameDetail(events[index], detail) {
                    events[index].systems |= bit
                    return .copy(of: events[index].number)
                }
            }
        }
        let number = nextEvent
        nextEvent += 1
        var event = Event(number: number, occurredAt: occurredAt, systems: bit, detailStart: 0, detailLength: -1)
        if let detail { (event.detailStart, event.detailLength) = keep(detail) }
        if count < events.count { events[count] = event } else { events.append(event) }
        count += 1
        return .counted(event: number)
    }

    @inline(__always)
    private func sameDetail(_ event: Event, _ detail: UnsafeRawBufferPointer?) -> Bool {
        guard let detail else { return event.detailLength < 0 }
        guard event.detailLength == detail.count else { return false }
        return details.withUnsafeBytes { all in
            memcmp(all.baseAddress! + event.detailStart, detail.baseAddress!, detail.count) == 0
        }
    }

    /// Copies a detail into `details` (grown, rarely, by whole kilobytes); returns where it is.
    @inline(__always)
    private mutating func keep(_ bytes: UnsafeRawBufferPointer) -> (start: Int, length: Int) {
        let start = detailCount
        if start + bytes.count > details.count {
            details.append(contentsOf: repeatElement(0, count: max(start + bytes.count - details.count, 1_024)))
        }
        details.withUnsafeMutableBytes { buffer in
            _ = memcpy(buffer.baseAddress! + start, bytes.baseAddress!, bytes.count)
        }
        detailCount = start + bytes.count
        return (start, bytes.count)
    }

    private mutating func clear() {
        count = 0
        first = 0
        detailCount = 0
    }
}

import Foundation
import LeadBridgeSampleData

/// HubSpot's web analytics events as the events API shows them: the generated page views (`e_visited_page`) and
/// form fills (`e_submitted_form`) of each person, on their contact, plus the events created through the control
/// API. Events of archived contacts are not listed.
///
/// Seed events are indexed by their activity's id; created ones take indices past every seed id. An event's id is
/// `leviathan-` and a UUID whose last group is its index in hexadecimal (the ids the reference's examples show have
/// that prefix).
struct HubSpotWebEventView: Sendable {
    /// Overlay fields of a created event that are not event properties.
    static let eventTypeField = "__eventType"
    static let contactField = "__contact"
    static let occurredField = "__occurredAt"

    /// The event types the events API lists (`GET /events/v3/events/event-types`): HubSpot's standard web events
    /// that integrations read. The sandbox holds occurrences of the first two.
    static let eventTypes = ["e_visited_page", "e_submitted_form", "e_form_submission_v2",
                             "e_form_submission_metadata_v2", "e_ad_interaction"]

    static func eventType(of kind: SampleActivity.Kind) -> String? {
        switch kind {
        case .pageView: "e_visited_page"
        case .formFill: "e_submitted_form"
        default: nil
        }
    }

    let dataSet: SandboxDataSet
    let contacts: HubSpotContactView
    /// Created events, by index.
    let overlays: [Int: RecordOverlay]

    /// The first index past the seed events.
    var createdFloor: Int { dataSet.contactCount * 1_000 }

    // MARK: Ids

    static func id(of index: Int64) -> String {
        var state = UInt64(bitPattern: index) &* 0x9E37_79B9_7F4A_7C15 ^ 0x5851_F42D_4C95_7F2D
        func next() -> UInt64 {
            state ^= state >> 29
            state = state &* 0xBF58_476D_1CE4_E5B9
            state ^= state >> 32
            return state
        }
        let a = next()
        let b = next()
        let hex = { (value: UInt64, digits: Int) in
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text.suffix(digits)
        }
        return "leviathan-\(hex(a >> 32, 8))-\(hex(a & 0xffff, 4))-3\(hex(b >> 52, 3))-8\(hex(b & 0xfff, 3))-"
            + hex(UInt64(bitPattern: index), 12)
    }

    /// The index of an event id this view gave out, if it is one.
    static func index(of id: String) -> Int64? {
        guard id.hasPrefix("leviathan-"), let last = id.split(separator: "-").last, last.count == 12,
              let index = Int64(last, radix: 16), Self.id(of: index) == id
        else { return nil }
        return index
    }

    // MARK: Events

    /// The seed activity behind a seed index.
    func seedActivity(_ index: Int64) -> SampleActivity? {
        guard index >= 0, index < Int64(createdFloor) else { return nil }
        let person = Int(index / 1_000)
        let position = Int(index % 1_000)
        guard person < dataSet.contactCount, position < dataSet.activitiesPerContact else { return nil }
        let activity = dataSet.activities(person)[position]
        return Self.eventType(of: activity.kind) == nil ? nil : activity
    }

    /// The contact index of an event (seed or created).
    func contactIndex(of index: Int64) -> Int? {
        if let overlay = overlays[Int(index)], overlay.created {
            return overlay.fields[Self.contactField]?.stringValue.flatMap(HubSpotContactView.index(of:))
        }
        return seedActivity(index)?.personIndex
    }

    /// The event type of an event (seed or created).
    func eventType(of index: Int64) -> String? {
        if let overlay = overlays[Int(index)], overlay.created {
            return overlay.fields[Self.eventTypeField]?.stringValue
        }
        return seedActivity(index).flatMap { Self.eventType(of: $0.kind) }
    }

    /// Created events, oldest first, of one type or of every type.
    func createdEntries(_ eventType: String?) -> [HubSpotWebEventIndex.Entry] {
        overlays.compactMap { index, overlay -> HubSpotWebEventIndex.Entry? in
            guard overlay.created, eventType == nil || overlay.fields[Self.eventTypeField]?.stringValue == eventType,
                  let occurred = overlay.fields[Self.occurredField]?.stringValue.flatMap(SandboxTimestamp.parse)
            else { return nil }
            return HubSpotWebEventIndex.Entry(
                occurred: HubSpotSearchFilter.millis(occurred.timeIntervalSince1970), index: Int64(index))
        }.sorted()
    }

    /// The events of one contact, of one type or of every type, oldest first.
    func entries(ofContact contact: Int, eventType: String?) -> [HubSpotWebEventIndex.Entry] {
        let seed = dataSet.activities(contact).compactMap { activity -> HubSpotWebEventIndex.Entry? in
            guard let type = Self.eventType(of: activity.kind), eventType == nil || type == eventType else {
                return nil
            }
            return HubSpotWebEventIndex.Entry(
                occurred: HubSpotSearchFilter.millis(activity.occurredAt.timeIntervalSince1970),
                index: Int64(activity.id))
        }
        let created = createdEntries(eventType).filter { contactIndex(of: $0.index) == contact }
        return (seed + created).sorted()
    }

    /// The entry of an event (seed or created), if there is one with that index.
    func entry(of index: Int64) -> HubSpotWebEventIndex.Entry? {
        if let overlay = overlays[Int(index)], overlay.created {
            guard let occurred = overlay.fields[Self.occurredField]?.stringValue.flatMap(SandboxTimestamp.parse) else {
                return nil
            }
            return HubSpotWebEventIndex.Entry(
                occurred: HubSpotSearchFilter.millis(occurred.timeIntervalSince1970), index: index)
        }
        return seedActivity(index).map {
            HubSpotWebEventIndex.Entry(occurred: HubSpotSearchFilter.millis($0.occurredAt.timeIntervalSince1970),
                                       index: index)
        }
    }

    /// Whether the event is listed: its contact exists and is not archived.
    func isListed(_ entry: HubSpotWebEventIndex.Entry) -> Bool {
        contactIndex(of: entry.index).map(contacts.exists) ?? false
    }

    /// The event's properties, as text.
    func properties(of index: Int64) -> [String: String] {
        if let overlay = overlays[Int(index)], overlay.created {
            var properties: [String: String] = [:]
            for (name, value) in overlay.fields where !name.hasPrefix("__") {
                if let text = value.stringValue { properties[name] = text }
            }
            return properties
        }
        guard let activity = seedActivity(index) else { return [:] }
        return Self.seedProperties(activity)
    }

    /// A generated page view's or form fill's properties: `hs_url`, `hs_title`, `hs_referrer`,
    /// `hs_session_source`; a form submission adds `hs_form_id` (a GUID per form).
    static func seedProperties(_ activity: SampleActivity) -> [String: String] {
        let url = activity.url ?? "https://www.example-saas.com/"
        let path = URL(string: url)?.path ?? "/"
        let page = path == "/" ? "Home" : path.split(separator: "/").last.map {
            $0.replacingOccurrences(of: "-", with: " ").capitalized
        } ?? "Home"
        let sources = ["DIRECT_TRAFFIC", "ORGANIC_SEARCH", "EMAIL_MARKETING", "REFERRALS", "PAID_SEARCH"]
        var properties = [
            "hs_url": url, "hs_title": "\(page) | Example SaaS",
            "hs_session_source": sources[activity.id % sources.count],
        ]
        if activity.id % 3 == 0 { properties["hs_referrer"] = "https://www.google.com/" }
        if activity.kind == .formFill { properties["hs_form_id"] = formID(activity.asset ?? "Contact Us") }
        return properties
    }

    /// A stable form GUID for a form's name.
    static func formID(_ name: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let text = String(hash, radix: 16)
        let hex = String(repeating: "0", count: 16 - text.count) + text
        let more = String(hex.reversed())
        let all = Array(hex + more)
        return "\(String(all[0..<8]))-\(String(all[8..<12]))-4\(String(all[13..<16]))-a\(String(all[17..<20]))-"
            + String(all[20..<32])
    }

    /// The event as the API shows it: `{objectType, objectId, eventType, occurredAt, id, properties}`.
    func object(_ entry: HubSpotWebEventIndex.Entry) -> JSONValue {
        [
            "objectType": "CONTACT",
            "objectId": .string(contactIndex(of: entry.index).map(HubSpotContactView.id(of:)) ?? ""),
            "eventType": .string(eventType(of: entry.index) ?? ""),
            "occurredAt": .string(SandboxTimestamp.hubSpot(Date(timeIntervalSince1970: Double(entry.occurred) / 1000))),
            "id": .string(Self.id(of: entry.index)),
            "properties": .object(properties(of: entry.index).mapValues { .string($0) }),
        ]
    }
}

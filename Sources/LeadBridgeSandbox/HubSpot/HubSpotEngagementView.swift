import Foundation
import LeadBridgeSampleData

/// One HubSpot engagement object (emails, meetings or notes) as the API shows it: the seed engagements made from
/// the generated activities, with the overlay of rep edits and the engagements created through the control API.
///
/// Seed engagements are sales-side records about the person's activity: an opened campaign follow-up is a rep's
/// outgoing email, a click is the contact's reply (`INCOMING_EMAIL`), an unsubscribe a bounced email; webinars
/// and demo requests are meetings of type (`hs_activity_type`) `Webinar` and `Demo`; page views and form fills
/// are notes. Each is associated with its person's contact. Ids are the activity id + 1, unique across the kinds
/// as HubSpot's engagement ids are; created engagements take ids past every seed id.
///
/// Positions (for ``HubSpotSearchable``) are in ascending (`hs_lastmodifieddate`, id) order.
struct HubSpotEngagementView: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case emails, meetings, notes

        init(_ activity: SampleActivity.Kind) {
            switch activity {
            case .emailOpen, .emailClick, .unsubscribe: self = .emails
            case .webinarRegistered, .webinarAttended, .demoRequest: self = .meetings
            case .pageView, .formFill: self = .notes
            }
        }

        /// The object type as HubSpot also names it: singular, or its type id.
        init?(objectType: String) {
            switch objectType.lowercased() {
            case "emails", "email", "0-49": self = .emails
            case "meetings", "meeting", "meeting_event", "0-47": self = .meetings
            case "notes", "note", "0-46": self = .notes
            default: return nil
            }
        }

        /// The HubSpot-defined association type from this object to contacts.
        var contactAssociationTypeID: Int {
            switch self {
            case .emails: 198
            case .meetings: 200
            case .notes: 202
            }
        }

        /// The properties an object of this kind has (a request for others is ignored).
        var propertyNames: Set<String> {
            let common: Set<String> = ["hs_object_id", "hs_timestamp", "hs_createdate", "hs_lastmodifieddate"]
            switch self {
            case .emails:
                return common.union(["hs_email_direction", "hs_email_status", "hs_email_subject", "hs_email_text"])
            case .meetings:
                return common.union(["hs_meeting_title", "hs_activity_type", "hs_meeting_outcome",
                                     "hs_meeting_external_url", "hs_meeting_body", "hs_meeting_start_time"])
            case .notes:
                return common.union(["hs_note_body"])
            }
        }
    }

    /// Overlay fields of created engagements that are not properties: the kind and the associated contact id.
    static let kindField = "__kind"
    static let contactField = "__contact"

    /// The properties a search returns when the request names none.
    static let defaultProperties = ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]

    let dataSet: SandboxDataSet
    let kind: Kind
    /// Engagement overlays of every kind, by index (id − 1).
    let overlays: [Int: RecordOverlay]
    /// Live engagements of this kind, ascending on (last modified, id).
    let entries: [HubSpotEngagementIndex.Entry]
    /// Live engagements of this kind in id order.
    let byID: [HubSpotEngagementIndex.Entry]

    init(dataSet: SandboxDataSet, kind: Kind, seed: HubSpotEngagementIndex.Seed, overlays: [Int: RecordOverlay]) {
        self.dataSet = dataSet
        self.kind = kind
        self.overlays = overlays
        var moved: [HubSpotEngagementIndex.Entry] = []
        var created: [HubSpotEngagementIndex.Entry] = []
        for (index, overlay) in overlays where overlay.archivedAt == nil {
            let entry = HubSpotEngagementIndex.Entry(
                id: Int64(index + 1), modified: HubSpotSearchFilter.millis(overlay.modifiedAt.timeIntervalSince1970))
            if overlay.created {
                if overlay.fields[Self.kindField]?.stringValue == kind.rawValue { created.append(entry) }
            } else if let activity = Self.seedActivity(id: entry.id, dataSet: dataSet), Kind(activity.kind) == kind {
                moved.append(entry)
            }
        }
        if moved.isEmpty, created.isEmpty {
            entries = seed.byModified
            byID = seed.byID
            return
        }
        let movedIDs = Set(moved.map(\.id))
        let changed = (moved + created).sorted { ($0.modified, $0.id) < ($1.modified, $1.id) }
        var merged: [HubSpotEngagementIndex.Entry] = []
        merged.reserveCapacity(seed.byModified.count + created.count)
        var next = changed.startIndex
        for entry in seed.byModified where !movedIDs.contains(entry.id) {
            while next < changed.endIndex, (changed[next].modified, changed[next].id) < (entry.modified, entry.id) {
                merged.append(changed[next])
                next += 1
            }
            merged.append(entry)
        }
        merged.append(contentsOf: changed[next...])
        entries = merged
        let changedByID = Dictionary(uniqueKeysWithValues: changed.map { ($0.id, $0) })
        byID = seed.byID.map { changedByID[$0.id] ?? $0 } + created.sorted { $0.id < $1.id }
    }

    /// The generated activity behind a seed engagement id.
    static func seedActivity(id: Int64, dataSet: SandboxDataSet) -> SampleActivity? {
        guard id >= 1 else { return nil }
        let activityID = Int(id - 1)
        let person = activityID / 1_000
        let position = activityID % 1_000
        guard person < dataSet.contactCount, position < dataSet.activitiesPerContact else { return nil }
        return dataSet.activities(person)[position]
    }

    /// The position in id order of a live engagement of this kind.
    func idPosition(of id: Int64) -> Int? {
        var low = 0
        var high = byID.count
        while low < high {
            let middle = (low + high) / 2
            if byID[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < byID.count && byID[low].id == id ? low : nil
    }

    /// The position in id order of the first engagement with an id greater than `after`.
    func idPosition(after: Int64) -> Int {
        var low = 0
        var high = byID.count
        while low < high {
            let middle = (low + high) / 2
            if byID[middle].id <= after { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The associated contact's index, if any.
    func contactIndex(ofEngagement id: Int64) -> Int? {
        if let overlay = overlays[Int(id - 1)], overlay.created {
            return overlay.fields[Self.contactField]?.stringValue.flatMap(HubSpotContactView.index(of:))
        }
        return Self.seedActivity(id: id, dataSet: dataSet)?.personIndex
    }

    /// Every property of an engagement, as strings (nil for an empty value).
    func properties(of entry: HubSpotEngagementIndex.Entry) -> [String: String?] {
        var properties: [String: String?] = [:]
        if let activity = Self.seedActivity(id: entry.id, dataSet: dataSet) {
            properties = Self.seedProperties(activity, kind: kind)
        } else {
            properties["hs_object_id"] = String(entry.id)
        }
        if let overlay = overlays[Int(entry.id - 1)] {
            for (name, value) in overlay.fields where !name.hasPrefix("__") { properties[name] = value.stringValue }
        }
        properties["hs_lastmodifieddate"] = SandboxTimestamp.hubSpot(
            Date(timeIntervalSince1970: Double(entry.modified) / 1000))
        return properties
    }

    static func seedProperties(_ activity: SampleActivity, kind: Kind) -> [String: String?] {
        let stamp = SandboxTimestamp.hubSpot(activity.occurredAt)
        var properties: [String: String?] = [
            "hs_object_id": String(activity.id + 1), "hs_timestamp": stamp, "hs_createdate": stamp,
            "hs_lastmodifieddate": stamp,
        ]
        let label = activity.asset ?? activity.campaign ?? ""
        switch kind {
        case .emails:
            if activity.kind == .emailClick {
                properties["hs_email_direction"] = "INCOMING_EMAIL"
                properties["hs_email_subject"] = "Re: " + label
                properties["hs_email_text"] = "Thanks, I had a look at " + (activity.url ?? "your link")
            } else {
                properties["hs_email_direction"] = "EMAIL"
                properties["hs_email_status"] = activity.kind == .unsubscribe ? "BOUNCED" : "SENT"
                properties["hs_email_subject"] = label
                properties["hs_email_text"] = "Following up on " + (activity.campaign ?? "our conversation")
            }
        case .meetings:
            let demo = activity.kind == .demoRequest
            properties["hs_meeting_title"] = demo ? "Product demo" : label
            properties["hs_activity_type"] = demo ? "Demo" : "Webinar"
            properties["hs_meeting_outcome"] = activity.kind == .webinarAttended ? "COMPLETED" : "SCHEDULED"
            properties["hs_meeting_external_url"] = activity.url
            properties["hs_meeting_body"] = demo ? "Requested a demo" : label
            properties["hs_meeting_start_time"] = stamp
        case .notes:
            let body = activity.kind == .formFill ? "Form submitted: \(label) on " : "Page view: "
            properties["hs_note_body"] = body + (activity.url ?? "")
        }
        return properties
    }

    /// The engagement object: `{id, properties, createdAt, updatedAt, archived}` with the requested properties
    /// (all when nil), and its contact associations in the v3 shape when asked.
    func object(_ entry: HubSpotEngagementIndex.Entry, requested: [String]?, associations: Bool) -> JSONValue {
        let all = properties(of: entry)
        var selected: [String: JSONValue] = [:]
        for name in requested ?? Array(all.keys) where kind.propertyNames.contains(name) || all[name] != nil {
            if let value = all[name] ?? nil { selected[name] = .string(value) } else { selected[name] = .null }
        }
        var object: [String: JSONValue] = [
            "id": .string(String(entry.id)),
            "properties": .object(selected),
            "createdAt": .string((all["hs_createdate"] ?? nil) ?? (all["hs_lastmodifieddate"] ?? nil) ?? ""),
            "updatedAt": .string((all["hs_lastmodifieddate"] ?? nil) ?? ""),
            "archived": false,
        ]
        if associations {
            let type = switch kind {
            case .emails: "email_to_contact"
            case .meetings: "meeting_event_to_contact"
            case .notes: "note_to_contact"
            }
            let results: [JSONValue] = contactIndex(ofEngagement: entry.id).map {
                [["id": .string(HubSpotContactView.id(of: $0)), "type": .string(type)]]
            } ?? []
            object["associations"] = ["contacts": ["results": .array(results)]]
        }
        return .object(object)
    }
}

extension HubSpotEngagementView: HubSpotSearchable {
    var count: Int { entries.count }

    func objectID(_ position: Int) -> Int64 { entries[position].id }

    func dateMillis(_ position: Int, property: String) -> Int64? {
        switch property {
        case "hs_lastmodifieddate":
            return entries[position].modified
        case "hs_createdate", "hs_timestamp", "hs_meeting_start_time":
            guard kind.propertyNames.contains(property) else { return nil }
            let text = (properties(of: entries[position])[property] ?? nil) ?? ""
            return SandboxTimestamp.parse(text).map { HubSpotSearchFilter.millis($0.timeIntervalSince1970) } ?? 0
        default:
            return nil
        }
    }

    func properties(_ position: Int) -> [String: String?] { properties(of: entries[position]) }

    func isOrdered(by property: String) -> Bool { property == "hs_lastmodifieddate" }
}

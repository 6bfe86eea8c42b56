import Foundation
import LeadBridgeSampleData

/// HubSpot engagement objects made from the generated activities: email events as `emails`, webinars and demo
/// requests as `meetings`, page views and form fills as `notes`. Ids are the activity id + 1.
struct HubSpotEngagementView: Sendable {
    enum Kind: String, Sendable {
        case emails, meetings, notes

        init(_ activity: SampleActivity.Kind) {
            switch activity {
            case .emailOpen, .emailClick, .unsubscribe: self = .emails
            case .webinarRegistered, .webinarAttended, .demoRequest: self = .meetings
            case .pageView, .formFill: self = .notes
            }
        }
    }

    let dataSet: SandboxDataSet

    /// The activity of an engagement id, when it exists and is of this kind.
    func activity(id: String, kind: Kind) -> SampleActivity? {
        guard let number = Int(id), number >= 1 else { return nil }
        let activityID = number - 1
        let person = activityID / 1_000
        let position = activityID % 1_000
        guard person < dataSet.contactCount, position < dataSet.activitiesPerContact else { return nil }
        let activity = dataSet.activities(person)[position]
        return Kind(activity.kind) == kind ? activity : nil
    }

    /// Up to `limit` engagements of a kind with ids greater than `after`, in id order, and whether more remain.
    func page(kind: Kind, after: Int, limit: Int) -> (activities: [SampleActivity], more: Bool) {
        var result: [SampleActivity] = []
        var person = max(0, after) / 1_000
        while person < dataSet.contactCount {
            for activity in dataSet.activities(person) where activity.id + 1 > after && Kind(activity.kind) == kind {
                if result.count == limit { return (result, true) }
                result.append(activity)
            }
            person += 1
        }
        return (result, false)
    }

    func object(_ activity: SampleActivity, kind: Kind, associations: Bool) -> JSONValue {
        let stamp = SandboxTimestamp.hubSpot(activity.occurredAt)
        var properties: [String: JSONValue] = [
            "hs_object_id": .string(String(activity.id + 1)),
            "hs_timestamp": .string(stamp),
            "hs_createdate": .string(stamp),
            "hs_lastmodifieddate": .string(stamp),
        ]
        let label = activity.asset ?? activity.campaign ?? ""
        switch kind {
        case .emails:
            properties["hs_email_subject"] = .string(label)
            properties["hs_email_direction"] = "EMAIL"
            properties["hs_email_status"] = .string(activity.kind == .unsubscribe ? "BOUNCED" : "SENT")
            properties["hs_email_text"] = .string(activity.kind.rawValue + (activity.url.map { " " + $0 } ?? ""))
        case .meetings:
            properties["hs_meeting_title"] = .string(activity.kind == .demoRequest ? "Demo request" : label)
            properties["hs_meeting_outcome"] = .string(activity.kind == .webinarRegistered ? "SCHEDULED" : "COMPLETED")
            properties["hs_meeting_external_url"] = activity.url.map { .string($0) } ?? .null
            properties["hs_meeting_body"] = .string(activity.kind.rawValue)
        case .notes:
            let body = activity.kind == .formFill ? "Form submitted: \(label) on " : "Page view: "
            properties["hs_note_body"] = .string(body + (activity.url ?? ""))
        }
        var object: [String: JSONValue] = [
            "id": .string(String(activity.id + 1)),
            "properties": .object(properties),
            "createdAt": .string(stamp),
            "updatedAt": .string(stamp),
            "archived": false,
        ]
        if associations {
            let type = kind == .emails ? "email_to_contact" : kind == .meetings ? "meeting_event_to_contact"
                : "note_to_contact"
            object["associations"] = ["contacts": ["results": [[
                "id": .string(HubSpotContactView.id(of: activity.personIndex)), "type": .string(type),
            ]]]]
        }
        return .object(object)
    }
}

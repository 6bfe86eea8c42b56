import Foundation

/// Marketo leads as the REST API shows them: one per person (id = index + 1), emails as typed (case varies), plus
/// leads created through `POST leads.json`.
struct MarketoLeadView: Sendable {
    let dataSet: SandboxDataSet
    let overlays: [Int: RecordOverlay]

    /// REST field name, display name, data type.
    static let fields: [(name: String, display: String, type: String, readOnly: Bool)] = [
        ("id", "Id", "integer", true),
        ("email", "Email Address", "email", false),
        ("firstName", "First Name", "string", false),
        ("lastName", "Last Name", "string", false),
        ("title", "Job Title", "string", false),
        ("company", "Company Name", "string", false),
        ("industry", "Industry", "string", false),
        ("numberOfEmployees", "Num Employees", "integer", false),
        ("country", "Country", "string", false),
        ("city", "City", "string", false),
        ("phone", "Phone Number", "phone", false),
        ("leadSource", "Lead Source", "string", false),
        ("leadStatus", "Lead Status", "string", false),
        ("leadScore", "Lead Score", "integer", false),
        ("createdAt", "Created At", "datetime", true),
        ("updatedAt", "Updated At", "datetime", true),
    ]

    static let defaultFields = ["id", "updatedAt", "lastName", "email", "createdAt", "firstName"]

    static func field(_ name: String) -> (name: String, display: String, type: String, readOnly: Bool)? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    func exists(_ index: Int) -> Bool {
        ((index >= 0 && index < dataSet.contactCount) || overlays[index]?.created == true) && !isDeleted(index)
    }

    /// Deleted in the UI (`POST /__sandbox/archive` with vendor `marketo`): gone from `leads.json`, listed by
    /// `activities/deletedleads.json`.
    func isDeleted(_ index: Int) -> Bool { overlays[index]?.archivedAt != nil }

    /// Every lead index, seed leads first, then created ones.
    var allIndices: [Int] {
        (Array(0..<dataSet.contactCount) + overlays.filter { $0.value.created }.keys.sorted()).filter(exists)
    }

    func record(_ index: Int) -> [String: JSONValue] {
        var record: [String: JSONValue]
        if index < dataSet.contactCount {
            let person = dataSet.person(index)
            record = [
                "id": .int(index + 1),
                "email": .string(person.emailAsTyped.trimmingCharacters(in: .whitespaces)),
                "firstName": .string(person.firstName),
                "lastName": .string(person.lastName),
                "title": .string(person.title),
                "company": .string(person.company),
                "industry": .string(person.industry),
                "numberOfEmployees": .int(person.employees),
                "country": .string(person.country),
                "city": .string(person.city),
                "phone": .string(person.phone),
                "leadSource": .string(person.leadSource),
                "leadStatus": .string(person.inCRM ? "Sales Working" : "Marketing Nurture"),
                "leadScore": .int(dataSet.leadScore(person)),
                "createdAt": .string(SandboxTimestamp.marketo(person.createdAt)),
            ]
        } else {
            record = ["id": .int(index + 1), "createdAt": .string(SandboxTimestamp.marketo(
                overlays[index]?.modifiedAt ?? dataSet.generator.now))]
        }
        let modified = overlays[index]?.modifiedAt.timeIntervalSince1970
            ?? (index < dataSet.contactCount ? dataSet.baseModified[index] : 0)
        record["updatedAt"] = .string(SandboxTimestamp.marketo(Date(timeIntervalSince1970: modified)))
        if let overlay = overlays[index] { record.merge(overlay.fields) { _, new in new } }
        return record
    }

    /// When the lead was created, in ms since 1970 (an API-created lead: its last change, as `createdAt` shows).
    func createdMillis(_ index: Int) -> Int64 {
        if index < dataSet.contactCount { return Int64((dataSet.baseCreated[index] * 1000).rounded()) }
        return MarketoActivityTimeline.millis(overlays[index]?.modifiedAt ?? dataSet.generator.now)
    }

    /// When a field of the lead last changed, in ms since 1970: what the bulk extract's `updatedAt` filter reads.
    func updatedMillis(_ index: Int) -> Int64 {
        if let overlay = overlays[index] { return MarketoActivityTimeline.millis(overlay.modifiedAt) }
        return index < dataSet.contactCount ? Int64((dataSet.baseModified[index] * 1000).rounded()) : 0
    }

    /// The lead with this email, compared trimmed and case-insensitively as Marketo does.
    func index(ofEmail email: String) -> Int? {
        let wanted = email.trimmingCharacters(in: .whitespaces).lowercased()
        if let created = overlays.first(where: {
            $0.value.created && $0.value.fields["email"]?.stringValue?.lowercased() == wanted
        }) {
            return created.key
        }
        let local = wanted.split(separator: "@").first ?? ""
        let digits = String(local.reversed().prefix { $0.isNumber }.reversed())
        guard let index = Int(digits), index < dataSet.contactCount,
              record(index)["email"]?.stringValue?.lowercased() == wanted else { return nil }
        return index
    }
}

import Foundation

/// Pardot prospects: one per person (id = index + 1), the clean email, Pardot's score and grade, and the CRM ids of
/// people that are in Salesforce.
struct PardotProspectView: Sendable {
    let dataSet: SandboxDataSet
    let overlays: [Int: RecordOverlay]

    static let fieldOrder = ["id", "campaign_id", "first_name", "last_name", "email", "company", "website",
                             "job_title", "industry", "city", "country", "phone", "employees", "source", "score",
                             "grade", "crm_lead_fid", "crm_contact_fid", "is_do_not_email", "created_at",
                             "updated_at"]

    static let updatable: Set<String> = ["first_name", "last_name", "email", "company", "website", "job_title",
                                         "industry", "city", "country", "phone", "employees", "source", "score",
                                         "grade", "is_do_not_email"]

    /// In the recycle bin (deleted in the UI): `deleted=true` queries list it; reads answer error 4.
    func isDeleted(_ index: Int) -> Bool { overlays[index]?.archivedAt != nil }

    func modified(_ index: Int) -> Double {
        overlays[index]?.modifiedAt.timeIntervalSince1970 ?? dataSet.baseModified[index]
    }

    func fields(_ index: Int) -> [String: String?] {
        let person = dataSet.person(index)
        let score = dataSet.leadScore(person)
        let kind = dataSet.crmKind[index]
        var fields: [String: String?] = [
            "id": String(index + 1),
            "campaign_id": String(index % 6 + 1),
            "first_name": person.firstName,
            "last_name": person.lastName,
            "email": person.email,
            "company": person.company,
            "website": "https://" + person.domain,
            "job_title": person.title,
            "industry": person.industry,
            "city": person.city,
            "country": person.country,
            "phone": person.phone,
            "employees": String(person.employees),
            "source": person.leadSource,
            "score": String(score),
            "grade": score >= 60 ? "A" : score >= 40 ? "B" : score >= 20 ? "C" : "D",
            "crm_lead_fid": kind == 1 ? SalesforceRecordView.id("Lead", index) : nil,
            "crm_contact_fid": kind == 2 ? SalesforceRecordView.id("Contact", index) : nil,
            "is_do_not_email": nil,
            "created_at": SandboxTimestamp.pardot(person.createdAt),
            "updated_at": SandboxTimestamp.pardot(Date(timeIntervalSince1970: modified(index))),
        ]
        if let overlay = overlays[index] {
            for (name, value) in overlay.fields { fields[name] = value.stringValue }
        }
        return fields
    }

    func xml(_ index: Int) -> String {
        let values = fields(index)
        return PardotXML.element("prospect", fields: Self.fieldOrder.map { ($0, values[$0] ?? nil) })
    }
}

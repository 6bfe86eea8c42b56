/// HubSpot CRM v3 contact objects as the API returns them: property values are strings (or null), ids start at
/// 100000, times are ISO 8601 with milliseconds.
enum HubSpotJSONExport {
    static func contactID(_ personIndex: Int) -> Int { 100_000 + personIndex }

    /// One contact object on one line, without a line end.
    static func contact(_ person: SamplePerson) -> String {
        let created = ExportTimestamp.iso8601Milliseconds(person.createdAt)
        let updated = ExportTimestamp.iso8601Milliseconds(person.updatedAt)
        let properties: [(String, String?)] = [
            ("email", person.emailAsTyped), ("firstname", person.firstName), ("lastname", person.lastName),
            ("jobtitle", person.title), ("company", person.company), ("website", person.domain),
            ("industry", person.industry), ("numemployees", String(person.employees)), ("country", person.country),
            ("city", person.city), ("phone", person.phone), ("lifecyclestage", lifecycleStage(person)),
            ("createdate", created), ("lastmodifieddate", updated),
        ]
        let body = properties.map { "\"\($0.0)\":\(ExportEscaping.json($0.1))" }.joined(separator: ",")
        return "{\"id\":\"\(contactID(person.index))\",\"properties\":{\(body)},\"createdAt\":\"\(created)\","
            + "\"updatedAt\":\"\(updated)\",\"archived\":false}"
    }

    /// HubSpot's internal lifecycle stage values; null for people sales has not worked. HubSpot has no default
    /// stage for sales-accepted, disqualified or recycled leads: `salesacceptedlead` stands for a custom stage,
    /// and the two off-funnel stages are `other`.
    static func lifecycleStage(_ person: SamplePerson) -> String? {
        guard person.inCRM else { return nil }
        switch person.crmStage {
        case .lead: return "lead"
        case .mql: return "marketingqualifiedlead"
        case .sal: return "salesacceptedlead"
        case .sql: return "salesqualifiedlead"
        case .opportunity: return "opportunity"
        case .customer: return "customer"
        case .disqualified, .recycled: return "other"
        }
    }
}

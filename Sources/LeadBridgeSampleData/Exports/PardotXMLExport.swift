/// Pardot API (v3/v4, XML) query responses: `<rsp stat="ok" version="1.0"><result><total_results>` and one
/// element per record. Prospect ids start at 5000; times are `yyyy-MM-dd HH:mm:ss`.
enum PardotXMLExport {
    static func prologue(totalResults: Int) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsp stat=\"ok\" version=\"1.0\">\n<result>\n"
            + "<total_results>\(totalResults)</total_results>\n"
    }

    static let epilogue = "</result>\n</rsp>\n"

    static func prospectID(_ personIndex: Int) -> Int { 5_000 + personIndex }

    static func prospect(_ person: SamplePerson) -> String {
        let campaign = SampleCampaign.of(person)
        var xml = "<prospect>"
        xml += element("id", String(prospectID(person.index)))
        xml += element("first_name", person.firstName)
        xml += element("last_name", person.lastName)
        xml += element("email", person.emailAsTyped)
        xml += element("company", person.company)
        xml += element("website", person.domain)
        xml += element("job_title", person.title)
        xml += element("industry", person.industry)
        xml += element("employees", String(person.employees))
        xml += element("country", person.country)
        xml += element("city", person.city)
        xml += element("phone", person.phone)
        xml += element("source", person.leadSource)
        xml += element("created_at", ExportTimestamp.pardot(person.createdAt))
        xml += element("updated_at", ExportTimestamp.pardot(person.updatedAt))
        xml += "<campaign>" + element("id", String(campaign.id)) + element("name", campaign.name) + "</campaign>"
        return xml + "</prospect>\n"
    }

    /// Details are the page or link for page views, email clicks and demo requests, else the asset (form,
    /// email, webinar).
    static func visitorActivity(_ activity: SampleActivity, of person: SamplePerson) -> String {
        let type = PardotActivityType(activity.kind)
        let details = activity.kind == .formFill ? activity.asset ?? activity.url : activity.url ?? activity.asset
        var xml = "<visitor_activity>"
        xml += element("id", String(activity.id))
        xml += element("prospect_id", String(prospectID(person.index)))
        xml += element("type", String(type.code))
        xml += element("type_name", type.name)
        xml += element("details", details ?? "")
        if let name = activity.campaign {
            let id = SampleCampaign.named(name).map { String($0.id) } ?? ""
            xml += "<campaign>" + element("id", id) + element("name", name) + "</campaign>"
        }
        xml += element("created_at", ExportTimestamp.pardot(activity.occurredAt))
        return xml + "</visitor_activity>\n"
    }

    private static func element(_ name: String, _ text: String) -> String {
        text.isEmpty ? "<\(name)/>" : "<\(name)>\(ExportEscaping.xml(text))</\(name)>"
    }
}

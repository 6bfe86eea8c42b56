/// The CRM-neutral CSV layouts: `C`-prefixed contact ids, ISO 8601 UTC dates, CRLF line ends.
enum GenericCSVExport {
    static let contactsHeader = "Contact ID,Email,First Name,Last Name,Job Title,Company,Website,Industry,Employees,"
        + "Country,City,Phone,Lead Source,Lifecycle Stage,Created Date,Last Modified Date\r\n"

    static let activitiesHeader = "Activity ID,Contact ID,Email,Activity Type,Activity Date,URL,Campaign,Asset\r\n"

    /// `C` and the person's index.
    static func contactID(_ personIndex: Int) -> String { "C\(personIndex)" }

    static func contactRow(_ person: SamplePerson) -> String {
        ExportEscaping.csvRow([
            contactID(person.index), person.emailAsTyped, person.firstName, person.lastName, person.title,
            person.company, person.domain, person.industry, String(person.employees), person.country, person.city,
            person.phone, person.leadSource, person.inCRM ? person.crmStage.rawValue : "",
            ExportTimestamp.iso8601(person.createdAt), ExportTimestamp.iso8601(person.updatedAt),
        ]) + "\r\n"
    }

    static func activityRow(_ activity: SampleActivity, of person: SamplePerson) -> String {
        ExportEscaping.csvRow([
            "A\(activity.id)", contactID(person.index), person.emailAsTyped, activity.kind.rawValue,
            ExportTimestamp.iso8601(activity.occurredAt), activity.url ?? "", activity.campaign ?? "",
            activity.asset ?? "",
        ]) + "\r\n"
    }
}

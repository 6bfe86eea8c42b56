/// The export files ``SampleExportWriter`` produces: the shapes real systems export, with their exact column and
/// element names, so that mappings written against these files work on real exports.
public enum SampleExportLayout: String, Sendable, CaseIterable {
    /// A CRM-neutral contacts CSV (CRLF line ends): `Contact ID,Email,First Name,Last Name,Job Title,Company,Website,
    /// Industry,Employees,Country,City,Phone,Lead Source,Lifecycle Stage,Created Date,Last Modified Date`.
    case genericContactsCSV = "generic-contacts"
    /// A CRM-neutral activities CSV (CRLF line ends):
    /// `Activity ID,Contact ID,Email,Activity Type,Activity Date,URL,Campaign,Asset`.
    case genericActivitiesCSV = "generic-activities"
    /// Marketo leads with REST field names as the header (LF line ends).
    case marketoLeadsCSV = "marketo-leads"
    /// A Pardot (Account Engagement) API v3/v4 prospect query response: `<rsp><result><prospect>…`.
    case pardotProspectsXML = "pardot-prospects"
    /// A Pardot visitor activity query response: `<rsp><result><visitor_activity>…`, with Pardot's type codes.
    case pardotVisitorActivitiesXML = "pardot-visitor-activities"
    /// HubSpot CRM v3 contact objects, one per line.
    case hubspotContactsNDJSON = "hubspot-contacts-ndjson"
    /// HubSpot CRM v3 contact objects as one JSON array.
    case hubspotContactsJSONArray = "hubspot-contacts-json"

    /// The file extension the readers detect the format by.
    public var fileExtension: String {
        switch self {
        case .genericContactsCSV, .genericActivitiesCSV, .marketoLeadsCSV: "csv"
        case .pardotProspectsXML, .pardotVisitorActivitiesXML: "xml"
        case .hubspotContactsNDJSON: "ndjson"
        case .hubspotContactsJSONArray: "json"
        }
    }

    /// True for layouts whose records are activities (`activitiesPerPerson` per person) rather than people.
    public var recordsAreActivities: Bool {
        self == .genericActivitiesCSV || self == .pardotVisitorActivitiesXML
    }
}

/// Marketo leads as a bulk-export CSV with REST API field names: numeric ids from 1000, ISO 8601 UTC dates,
/// LF line ends.
enum MarketoCSVExport {
    static let header = "id,email,firstName,lastName,title,company,website,industry,numberOfEmployees,country,city,"
        + "phone,leadSource,createdAt,updatedAt\n"

    static func row(_ person: SamplePerson) -> String {
        ExportEscaping.csvRow([
            String(1_000 + person.index), person.emailAsTyped, person.firstName, person.lastName, person.title,
            person.company, person.domain, person.industry, String(person.employees), person.country, person.city,
            person.phone, person.leadSource, ExportTimestamp.iso8601(person.createdAt),
            ExportTimestamp.iso8601(person.updatedAt),
        ]) + "\n"
    }
}

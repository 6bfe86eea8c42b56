/// Writes generated people and activities as the export files of real systems, for demos, tests and benchmarks.
///
/// Records are streamed through a bounded buffer, so a file of millions of records takes no more memory than one
/// of ten. The same generator, range and layout always give the same bytes.
///
/// ```swift
/// let generator = SampleDataGenerator(seed: 42)
/// let (records, bytes) = try SampleExportWriter.write(
///     .pardotProspectsXML, people: 0..<100_000, generator: generator, to: "/tmp/prospects.xml")
/// ```
public enum SampleExportWriter {
    /// The most activities per person: activity ids are `person index × 1,000 + position`.
    public static let maximumActivitiesPerPerson = 1_000

    /// Writes one export file.
    ///
    /// - Parameters:
    ///   - layout: the file's shape (columns or elements, format).
    ///   - people: the indexes of the generated people to write.
    ///   - activitiesPerPerson: for activity layouts, the activities written for each person (0 to 1,000);
    ///     ignored by contact layouts.
    ///   - generator: the source of people and activities.
    ///   - syncedCopies: for activity layouts, write instead the records a second system holds of the
    ///     activities when the two sync (``SampleDataGenerator/syncedCopy(of:rate:kinds:)`` at this rate): the
    ///     other side of a cross-system copy, for de-duplication demos and tests.
    ///   - path: the file to create or replace.
    /// - Returns: the number of records written and the size of the file in bytes.
    /// - Throws: ``SampleExportError`` when the file cannot be written or `activitiesPerPerson` is out of range.
    @discardableResult
    public static func write(
        _ layout: SampleExportLayout,
        people: Range<Int>,
        activitiesPerPerson: Int = 0,
        generator: SampleDataGenerator,
        syncedCopies: Double? = nil,
        to path: String
    ) throws -> (records: Int, bytes: Int) {
        guard (0...maximumActivitiesPerPerson).contains(activitiesPerPerson) else {
            throw SampleExportError(path: path, message: "activitiesPerPerson must be between 0 and "
                + "\(maximumActivitiesPerPerson), not \(activitiesPerPerson)")
        }
        let output = try ExportOutputFile(path: path)
        let file = SampleExportFile(output: output, people: people, generator: generator,
                                    activitiesPerPerson: activitiesPerPerson, syncedCopies: syncedCopies)
        let records: Int
        switch layout {
        case .genericContactsCSV:
            records = try file.contacts(prologue: GenericCSVExport.contactsHeader, encode: GenericCSVExport.contactRow)
        case .genericActivitiesCSV:
            records = try file.activities(prologue: GenericCSVExport.activitiesHeader,
                                          encode: GenericCSVExport.activityRow)
        case .marketoLeadsCSV:
            records = try file.contacts(prologue: MarketoCSVExport.header, encode: MarketoCSVExport.row)
        case .pardotProspectsXML:
            records = try file.contacts(prologue: PardotXMLExport.prologue(totalResults: people.count),
                                        epilogue: PardotXMLExport.epilogue, encode: PardotXMLExport.prospect)
        case .pardotVisitorActivitiesXML:
            records = try file.activities(
                prologue: PardotXMLExport.prologue(totalResults: people.count * activitiesPerPerson),
                epilogue: PardotXMLExport.epilogue, encode: PardotXMLExport.visitorActivity)
        case .hubspotContactsNDJSON:
            records = try file.contacts { HubSpotJSONExport.contact($0) + "\n" }
        case .hubspotContactsJSONArray:
            records = try file.contacts(prologue: "[\n", epilogue: "\n]\n", separator: ",\n",
                                        encode: HubSpotJSONExport.contact)
        }
        try output.finish()
        return (records, output.bytesWritten)
    }
}

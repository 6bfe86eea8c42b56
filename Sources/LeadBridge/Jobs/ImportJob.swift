import Logging

/// Imports one export file through a connection's mapping and records the run: the `import` job.
///
/// The run is recorded on every exit path (see ``Importer``): `ok`, `partial` when records were rejected, `failed`
/// when the file broke off or the database failed. A mapping that names fields the file does not have stops the
/// job before a run starts, with nothing stored.
///
/// ```swift
/// var reader = try ExportSource.open(path: "prospects.xml", mapping: mapping, stream: .contacts)
/// let job = ImportJob(store: store, mapping: mapping, connection: "pardot_export", source: "prospects.xml")
/// let report = try job.run(reader: &reader, environment: environment)
/// ```
public struct ImportJob: Sendable {
    /// Records handed to the writer per batch when a transaction holds more than that (see ``Importer/batchSize``).
    public static let largestBatch = 4_000

    public var store: LeadStore
    public var mapping: FieldMapping
    /// The connection's name: the `system` of stored records and links.
    public var connection: String
    public var stream: ImportStream
    /// The file, as the report and the rejects name it.
    public var source: String
    /// Records per transaction: a kill loses at most this many records, which the next run imports.
    public var commitEvery: Int

    public init(
        store: LeadStore, mapping: FieldMapping, connection: String, stream: ImportStream = .contacts, source: String,
        commitEvery: Int = 100_000
    ) {
        self.store = store
        self.mapping = mapping
        self.connection = connection
        self.stream = stream
        self.source = source
        self.commitEvery = max(commitEvery, 1)
    }

    /// Reads `reader` to its end and stores what it maps.
    ///
    /// - Parameters:
    ///   - environment: run times and `updated_at` come from `now`, the report's seconds from `clock`.
    ///   - progress: called after each stored batch with the number of records read so far.
    /// - Throws: ``ImportError/mappingMismatch(_:)`` before anything is stored; ``ImportError/store(_:)`` when the
    ///   database fails (the run is then recorded as `failed`).
    public func run<Reader: RecordReader>(
        reader: inout Reader, environment: JobEnvironment, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(ImportError) -> ImportReport {
        let logger = environment.logger
        let importer = Importer(
            store: store, environment: environment, batchSize: min(Self.largestBatch, commitEvery),
            commitEvery: commitEvery)
        logger.debug("import started", metadata: [
            "crm.system": "\(connection)", "import.stream": "\(stream.rawValue)", "import.source": "\(source)",
        ])
        do {
            let report = try importer.run(
                reader: &reader, mapping: mapping, connection: connection, stream: stream, source: source,
                progress: progress)
            logger.debug("import finished", metadata: [
                "run.id": "\(report.runID)", "import.read": "\(report.read)", "import.rejected": "\(report.rejected)",
            ])
            return report
        } catch {
            logger.error("import failed", metadata: ["crm.system": "\(connection)", "error.message": "\(error)"])
            throw error
        }
    }
}

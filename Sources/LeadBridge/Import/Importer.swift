import Foundation

/// Reads a source to its end, maps every record and stores the results: the `import` job.
///
/// Records are mapped in batches of `batchSize` and committed with their rejects every `commitEvery` records, so
/// a crash or kill loses at most the records since the last commit, and a rerun picks up where the data says
/// (stored records come back `unchanged`). A source that breaks off (truncated XML) stops the import with everything before it stored.
///
/// ```swift
/// var reader = try ExportFileReader.open(path: "prospects.xml")
/// let report = try Importer(store: store, now: clock).run(
///     reader: &reader, mapping: mapping, connection: "pardot_export", stream: .contacts, source: "prospects.xml")
/// ```
public struct Importer: Sendable {
    public var store: LeadStore
    /// The clock for `updated_at` and run times, in UTC seconds.
    public var now: @Sendable () -> Int64
    /// What the report's `seconds` are measured on.
    public var clock: any Clock<Duration>
    /// Records per batch handed to the writer thread. 4,000 rather than 10,000: the writer's backlog when reading
    /// ends, which it then works off alone, is three batches (measured on the 200 MB XML export: 88-92k -> 98-99k
    /// records/s for the first import, 92-98k -> 104-106k for the re-import, and peak RSS 113 -> 92 MiB).
    public var batchSize: Int
    /// Records per transaction: several batches are committed together (see `BatchWriter`).
    public var commitEvery: Int

    public init(
        store: LeadStore, now: @escaping @Sendable () -> Int64, clock: any Clock<Duration> = ContinuousClock(),
        batchSize: Int = 4_000, commitEvery: Int = 100_000
    ) {
        self.store = store
        self.now = now
        self.clock = clock
        self.batchSize = batchSize
        self.commitEvery = max(commitEvery, batchSize)
    }

    /// An importer taking the time and the clock from a job's environment.
    public init(store: LeadStore, environment: JobEnvironment, batchSize: Int = 4_000, commitEvery: Int = 100_000) {
        self.init(
            store: store, now: environment.now, clock: environment.clock, batchSize: batchSize,
            commitEvery: commitEvery)
    }

    /// Imports every record of `reader`.
    ///
    /// - Parameter progress: called after each stored batch with the number of records read so far.
    /// - Throws: ``ImportError/mappingMismatch(_:)`` when the mapping names fields the source does not declare
    ///   (before anything is read) or records the source does not hold (an XML record element that never occurs:
    ///   nothing was read); ``ImportError/store(_:)`` when the database fails.
    public func run<Reader: RecordReader>(
        reader: inout Reader, mapping: FieldMapping, connection: String, stream: ImportStream, source: String,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(ImportError) -> ImportReport {
        if let declared = reader.declaredFields,
            let mismatch = mapping.missingSourceFields(declared, stream: stream, source: source)
        {
            throw .mappingMismatch(mismatch)
        }
        let elapsed = JobEnvironment.stopwatch(on: clock)
        let runID: Int64
        do { runID = try store.startRun(command: "import", connection: connection, now: now()) } catch {
            throw .store(error)
        }
        var report = ImportReport(runID: runID, connection: connection, stream: stream, source: source)
        let readCount = ReadCounter()
        // Before the writer thread starts: it holds the writer connection until the import ends.
        var known: KnownIdentities?
        if stream == .contacts {
            do { known = try store.knownIdentities(system: connection, object: mapping.object) } catch {
                throw .store(error)
            }
        }
        // Into an empty store, contacts load without the email index, which is built once at the end.
        let bulkLoad = stream == .contacts ? BulkLoad() : nil
        let writer = BatchWriter(store: store, commitEvery: commitEvery, bulkLoad: bulkLoad) {
            progress?(readCount.value)
        }
        var contacts: [ContactPatch] = []
        var hints = ContactBatchHints()
        var activities: [ActivityPatch] = []
        var rejects: [RejectEntry] = []
        let now = self.now

        func flush() throws(StoreError) {
            guard !contacts.isEmpty || !activities.isEmpty || !rejects.isEmpty else { return }
            let (batchContacts, batchActivities, batchRejects) = (contacts, activities, rejects)
            let batchHints = hints
            contacts.removeAll(keepingCapacity: true)
            hints.removeAll()
            activities.removeAll(keepingCapacity: true)
            rejects.removeAll(keepingCapacity: true)
            readCount.value = report.read
            try writer.submit(records: batchContacts.count + batchActivities.count + batchRejects.count) { store, db in
                switch stream {
                case .contacts:
                    try store.applyContacts(
                        batchContacts, hints: batchHints, bulkLoad: bulkLoad, rejects: batchRejects, runID: runID,
                        now: now(), db: db)
                case .activities:
                    try store.applyActivities(
                        batchActivities, rejects: batchRejects, runID: runID, now: now(), db: db)
                }
            }
        }

        func reject(_ rejection: RecordRejection, _ record: RawRecord?) {
            report.add(rejection)
            rejects.append(RejectEntry(
                connection: connection, stream: stream.rawValue, rejection: rejection,
                recordJSON: record.map { JSONText.object($0.fields) }
                    ?? rejection.raw.map { JSONText.rawRecord($0, line: rejection.location.line) }))
        }

        var mapper = RecordMapper(mapping: mapping, system: connection, stream: stream)
        func take(_ item: ReadItem) throws(StoreError) {
            report.read += 1
            switch item {
            case .rejected(let rejection):
                reject(rejection, nil)
            case .record(let record):
                switch mapper.map(record) {
                case .contact(let patch):
                    hints.certainlyNew.append(known?.isCertainlyNew(patch) ?? false)
                    hints.fingerprints.append(patch.fingerprint)
                    contacts.append(patch)
                case .activity(let activity): activities.append(activity)
                case .skipped: report.skipped += 1
                case .rejected(let rejection): reject(rejection, record)
                }
            }
            if contacts.count + activities.count + rejects.count >= batchSize { try flush() }
        }

        do throws(StoreError) {
            if let bulkLoad {
                try writer.submit(records: 0) { _, db in
                    try bulkLoad.begin(db)
                    return ApplyResult()
                }
            }
            // Parsing runs a chunk ahead on its own thread; this thread maps, the writer's stores.
            let readAhead = ReadAhead(reader: reader)
            defer { reader = readAhead.finish() }
            var done: [ReadItem] = []
            while let chunk = readAhead.next(returning: consume done) {
                for item in chunk.items {
                    try take(item)
                }
                if let error = chunk.stoppedBy { report.stoppedBy = error }
                done = chunk.items
            }
            try flush()
            if let bulkLoad {
                try writer.submit(records: 0) { _, db in
                    try bulkLoad.finish(db)
                    return ApplyResult()
                }
            }
            let applied = try writer.finish()
            report.created = applied.created
            report.updated = applied.updated
            report.unchanged = applied.unchanged
            for rejection in applied.rejected { report.add(rejection) }
        } catch {
            _ = try? writer.finish()
            try? store.finishRun(runID, status: .failed, counts: report.counts, message: error.message, now: now())
            throw .store(error)
        }
        report.seconds = elapsed()
        if let mismatch = ImportError.mappingMismatch(foundBy: report.stoppedBy) {
            try? store.finishRun(
                runID, status: .failed, counts: report.counts, message: mismatch.description, now: now())
            throw mismatch
        }
        let status: RunRecord.Status = report.stoppedBy != nil ? .failed : (report.rejected > 0 ? .partial : .ok)
        do {
            try store.finishRun(
                runID, status: status, counts: report.counts, message: report.stoppedBy?.description, now: now())
        } catch {
            throw .store(error)
        }
        return report
    }
}

/// The read count shared with the writer thread's progress callback.
private final class ReadCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int {
        get { lock.withLock { count } }
        set { lock.withLock { count = newValue } }
    }
}

import Foundation

/// Pulls a remote source's changed records into the store, incrementally: the `pull` job.
///
/// For each stream it reads the stored cursor, asks the source for records modified since a lookback window
/// before it, maps every page and stores it **together with the page's cursor in one transaction**. A kill loses
/// at most the page in flight; the rerun resumes from the last stored cursor, and re-reading the overlap changes
/// nothing (stored records come back `unchanged`). The cursor never moves past the time the run started, so a
/// record modified during the run is read again next time.
///
/// A record the mapping (or the store) rejects is kept in the store, and its key joins the stream's retry keys when
/// the source can read the stream by key (``RecordSource/keyBatchLimit(for:)``). After the stream's pages, the keys
/// of earlier runs that the pages did not bring back are read by key, in the source's batches, and stored like a
/// page: a fixed mapping brings them in without a full pull. A key rejected again stays; one the remote no longer
/// has leaves the list and is named in the report (``PullReport/StreamReport/gone``).
///
/// ```swift
/// let puller = Puller(store: store, environment: environment)
/// let report = try await puller.run(source: hubspot, connection: "hubspot", mapping: mapping)
/// ```
public struct Puller: Sendable {
    public var store: LeadStore
    /// The clock, in UTC seconds: run times, `updated_at`, and the run start that caps cursors.
    public var now: @Sendable () -> Int64
    /// What the report's and the progress's seconds are measured on.
    public var clock: any Clock<Duration>
    /// How far before the stored cursor the next pull starts, in milliseconds (default 5 minutes).
    public var lookbackMilliseconds: Int64

    /// A puller taking the time and the clock from a job's environment.
    public init(store: LeadStore, environment: JobEnvironment, lookbackMinutes: Int = 5) {
        self.init(store: store, now: environment.now, clock: environment.clock, lookbackMinutes: lookbackMinutes)
    }

    /// A puller on the given time and clock (``init(store:environment:lookbackMinutes:)`` for jobs).
    public init(
        store: LeadStore, now: @escaping @Sendable () -> Int64, clock: any Clock<Duration> = ContinuousClock(),
        lookbackMinutes: Int = 5
    ) {
        self.store = store
        self.now = now
        self.clock = clock
        self.lookbackMilliseconds = Int64(max(lookbackMinutes, 0)) * 60_000
    }

    /// Pulls the source's streams that the mapping can read.
    ///
    /// - Parameters:
    ///   - source: the connector.
    ///   - connection: the connection name: the `system` of stored records and the key of the cursors.
    ///   - mapping: the connection's mapping; a stream of activities is pulled only when an `activities:` block
    ///     names its object, and is mapped with that block.
    ///   - streams: only these stream names; nil for all.
    ///   - full: ignore stored cursors and read everything (cursors still advance).
    ///   - progress: called after each stored page.
    /// - Returns: the report; `interruption` is set when the source stopped early but cleanly.
    /// - Throws: ``StoreError`` when the database fails, or the source's error when a stream fails (what was
    ///   stored before it stays, and the run is recorded as failed).
    public func run<Source: RecordSource>(
        source: Source, connection: String, mapping: FieldMapping, streams names: [String]? = nil, full: Bool = false,
        progress: (@Sendable (PullProgress) -> Void)? = nil
    ) async throws -> PullReport {
        let elapsed = JobEnvironment.stopwatch(on: clock)
        let runStart = now() * 1000
        let runID = try store.startRun(command: "pull", connection: connection, now: now())
        var report = PullReport(runID: runID, connection: connection)
        let selected = source.streams.filter { stream in
            (names == nil || names!.contains(stream.name))
                && (stream.kind == .contacts || mapping.activities(for: stream.object) != nil)
        }
        do {
            streams: for stream in selected {
                var streamReport = PullReport.StreamReport(stream: stream.name)
                defer { report.streams.append(streamReport) }
                let position = full ? nil : try store.streamPosition(connection: connection, stream: stream.name)
                let stored = position?.cursor
                let since = stored.map { $0.time - lookbackMilliseconds }
                streamReport.since = since
                streamReport.cursor = stored
                let streamMapping = stream.kind == .contacts
                    ? mapping.reading(object: stream.object) : mapping.readingActivities(of: stream.object)
                // Pushed fields are read too: what the pull saw of them is their base until a push writes them.
                let pushed = stream.kind == .contacts
                    ? mapping.push.map { (remote: $0.remoteField, pulled: source.pulledName(ofPushField: $0.remoteField)) }
                    : []
                let fields = stream.kind == .contacts
                    ? streamMapping.contactSourceFields.map(\.field) + pushed.map(\.pulled)
                    : streamMapping.activitySourceFields.map(\.field)
                let kept = stream.kind == .activities ? streamMapping.activities.flatMap { activities in
                    activities.type.defaultValue == ActivityMapping.skip ? activities.type.valueMap.map {
                        $0.filter { $0.value != ActivityMapping.skip }.keys.sorted()
                    } : nil
                } : nil
                let request = PullRequest(stream: stream, modifiedSince: since, fields: Self.unique(fields),
                                          pageToken: position?.pageToken.flatMap { $0.isEmpty ? nil : $0 },
                                          activityTypes: kept)
                // Keys rejected by earlier runs: those this run does not read again below are read by key after.
                let keyBatch = source.keyBatchLimit(for: stream)
                var listed = keyBatch > 0
                    ? Set(try store.retryKeys(connection: connection, stream: stream.name)) : []
                var unread = listed
                // Page N is stored while page N+1 is fetched; pages are still committed one by one, in order.
                var pending: Task<PageOutcome, any Error>?
                func settle() async throws {
                    guard let task = pending else { return }
                    pending = nil
                    let outcome = try await task.value
                    streamReport.add(outcome)
                    if let change = outcome.retryKeys {
                        listed.subtract(change.resolved)
                        listed.formUnion(change.rejected.keys)
                        unread.subtract(change.resolved)
                        unread.subtract(change.rejected.keys)
                    }
                    progress?(PullProgress(
                        stream: stream.name, pages: streamReport.pages, records: streamReport.read,
                        seconds: elapsed()))
                }
                func launch(_ page: RecordPage, retry: RetryScope?) {
                    let (store, now) = (self.store, self.now)
                    pending = Task {
                        try Self.storePage(
                            page, stream: stream, mapping: streamMapping, pushed: pushed, connection: connection,
                            runID: runID,
                            runStart: runStart, retry: retry, store: store, now: now
                        ) { id, mapped in source.contactObject(forReference: id, mapped: mapped) }
                    }
                }
                do {
                    for try await page in source.pages(request) {
                        try await settle()
                        launch(page, retry: keyBatch > 0 ? .listed(listed) : nil)
                    }
                    try await settle()
                    let keys = unread.sorted()
                    for start in stride(from: 0, to: keys.count, by: max(keyBatch, 1)) {
                        let batch = Array(keys[start..<min(start + keyBatch, keys.count)])
                        let found = try await source.records(keyed: batch, request: request)
                        try await settle()
                        launch(RecordPage(records: found.records, cursor: nil),
                               retry: .batch(Set(batch), missing: found.missingKeys))
                    }
                    try await settle()
                } catch let interruption as PullInterruption {
                    try await settle()
                    report.interruption = interruption
                    break streams
                } catch {
                    _ = try? await pending?.value
                    throw error
                }
            }
        } catch {
            report.apiCalls = await source.callCounts()
            try? store.finishRun(runID, status: .failed, counts: report.counts, message: "\(error)", now: now())
            throw error
        }
        report.apiCalls = await source.callCounts()
        report.seconds = elapsed()
        let status: RunRecord.Status = report.interruption != nil || report.rejected > 0 ? .partial : .ok
        try store.finishRun(runID, status: status, counts: report.counts, message: report.interruption?.message,
            now: now())
        return report
    }

    /// What storing one page did.
    struct PageOutcome: Sendable {
        var records = 0
        var result = ApplyResult()
        var skipped = 0
        var rejected = 0
        var deleted = 0
        var cursor: StreamCursor?
        /// The page's change to the stream's retry keys; nil when the stream's rejects are not retried.
        var retryKeys: RetryKeyChange?
        /// For a batch read by key: the keys asked for, and those the remote no longer has.
        var retried = 0
        var missingKeys: [String] = []
    }

    /// How a page touches the stream's retry keys.
    enum RetryScope: Sendable {
        /// A page of the stream: its stored records that are on the list (`listed`) leave it.
        case listed(Set<String>)
        /// A batch read by key: every key asked for leaves the list unless rejected again.
        case batch(Set<String>, missing: [String])
    }

    /// Appended to the message of a reject that the next pull reads again.
    static let retryNote = "; the next pull reads this record again by its key, so fix the mapping (or the remote "
        + "record) and pull"

    private static func storePage(
        _ page: RecordPage, stream: PullStream, mapping: FieldMapping, pushed: [(remote: String, pulled: String)],
        connection: String, runID: Int64,
        runStart: Int64, retry: RetryScope?, store: LeadStore, now: @Sendable () -> Int64,
        contactObject: (String, String) -> String
    ) throws -> PageOutcome {
        var outcome = PageOutcome(records: page.records.count)
        var contacts: [ContactPatch] = []
        var activities: [ActivityPatch] = []
        var rejects: [RejectEntry] = []
        func reject(_ rejection: RecordRejection, _ record: RawRecord?) {
            var rejection = rejection
            if retry != nil, rejection.externalID != nil { rejection.message += Self.retryNote }
            rejects.append(RejectEntry(connection: connection, stream: stream.name, rejection: rejection,
                recordJSON: record.map { JSONText.object($0.fields) }))
        }
        for rejection in page.rejections { reject(rejection, nil) }
        var seen: [SeenFieldValue] = []
        var mapper = RecordMapper(mapping: mapping, system: connection, stream: stream.kind)
        for record in page.records {
            switch mapper.map(record) {
            case .contact(let patch):
                contacts.append(patch)
                for field in pushed {
                    let value = record[field.pulled].flatMap { $0.isEmpty ? nil : $0 }
                    seen.append(SeenFieldValue(
                        key: RemoteFieldKey(object: patch.object, externalID: patch.externalID, field: field.remote),
                        value: value))
                }
            case .activity(var activity):
                if case .externalID(let object, let id) = activity.contact {
                    activity.contact = .externalID(object: contactObject(id, object), id: id)
                }
                activities.append(activity)
            case .skipped: outcome.skipped += 1
            case .rejected(let rejection): reject(rejection, record)
            }
        }
        // Never past the run's start: a record changed while we read is read again next time.
        outcome.cursor = page.cursor.map { $0.time > runStart ? StreamCursor(time: runStart, id: "") : $0 }
        var change: RetryKeyChange?
        if let retry {
            var keys = RetryKeyChange()
            for entry in rejects {
                if let id = entry.rejection.externalID { keys.rejected[id] = entry.rejection.code }
            }
            switch retry {
            case .listed(let listed):
                for id in contacts.map(\.externalID) + activities.map(\.externalID) where listed.contains(id) {
                    keys.resolved.insert(id)
                }
            case .batch(let asked, let missing):
                keys.resolved = asked.subtracting(keys.rejected.keys)
                outcome.retried = asked.count
                outcome.missingKeys = missing
            }
            change = keys
        }
        outcome.result = try store.applyPulledPage(
            contacts: contacts, activities: activities, rejects: rejects, cursor: outcome.cursor,
            tombstones: (mapping.object, stream.kind == .contacts ? page.deletedIDs : []), retryKeys: change,
            seenPushFields: seen, pageToken: page.pageToken,
            connection: connection, stream: stream.name, runID: runID, now: now())
        change?.absorb(outcome.result.rejected)
        outcome.retryKeys = change
        outcome.deleted = stream.kind == .contacts ? page.deletedIDs.count : 0
        outcome.rejected = rejects.count + outcome.result.rejected.count
        return outcome
    }

    private static func unique(_ fields: [String]) -> [String] {
        var seen = Set<String>()
        return fields.filter { seen.insert($0).inserted }
    }
}

extension FieldMapping {
    /// The same mapping for another remote object with the same fields (Salesforce Contacts with a Lead mapping).
    fileprivate func reading(object: String) -> FieldMapping {
        var copy = self
        copy.object = object
        return copy
    }
}

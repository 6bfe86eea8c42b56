import Foundation

extension PushJob {
    /// Writes the scores of every record of the targets, chunk by chunk, with a checkpoint after each: a
    /// backfill of a million records that stops (a kill, a spent budget) resumes where it stopped. Above the
    /// sink's bulk threshold a chunk goes through the bulk API (Salesforce Bulk API 2.0).
    ///
    /// The guard counts overwritten records over the whole backfill: the chunk that would pass the share is not
    /// sent (`--allow-mass-change` lets it, and the rerun resumes at the checkpoint).
    public func backfill(config: LeadBridgeConfig, targets names: [String], allowMassChange: Bool,
                         chunk: Int = 10_000, progress: (@Sendable (String, Int, Int) -> Void)? = nil)
        async throws -> [PushReport]
    {
        var reports: [PushReport] = []
        for open in try await openTargets(config: config, names: names) {
            let name = open.target.name
            var total = PushReport(target: name, runID: 0)
            var replacing = 0
            var after = try store.backfillCheckpoint(target: name, object: Self.allObjects).flatMap(Self.split)
            let percent = open.connection.settings.api?.pushMaxChangePercent ?? 20
            while true {
                try await settleUnsettledBulkJobs(open)
                let planned = try await plan(open, backfill: true, after: after, limit: max(chunk, 1))
                replacing += planned.summary.recordsReplacingValues
                var summary = planned.summary
                summary.recordsReplacingValues = replacing
                if !allowMassChange, summary.changedShare * 100 > Double(percent) {
                    throw PushGuardError(target: name, records: replacing, liveRecords: summary.liveRecords,
                                         percentAllowed: percent, writesByField: summary.writesByField)
                }
                let plan = makePlan([planned.summary], planned.records, backfill: true)
                let report = try await apply(planned.records, plan: plan, to: open, recheck: false, bulk: true,
                                             progress: progress)
                total.absorb(report)
                if let last = planned.lastKey {
                    after = last
                    try store.setBackfillCheckpoint(target: name, object: Self.allObjects,
                                                    lastKey: last.object + "\u{1F}" + last.id, now: environment.now())
                }
                if planned.exhausted { break }
            }
            try store.setBackfillCheckpoint(target: name, object: Self.allObjects, lastKey: nil,
                                            now: environment.now())
            reports.append(total)
        }
        return reports
    }

    static let allObjects = "*"

    static func split(_ checkpoint: String) -> (object: String, id: String)? {
        let parts = checkpoint.split(separator: "\u{1F}", maxSplits: 1).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    /// Waits for bulk jobs of earlier runs that were sent without a known outcome, and settles them, so that
    /// the plan that follows reads their records after they were written (never while a job still runs).
    func settleUnsettledBulkJobs(_ open: OpenTarget) async throws {
        guard let bulk = open.sink as? any BulkRecordSink else { return }
        for entry in try store.unsettledBatches(target: open.target.name) {
            guard let job = PushOutcomeText.decode(entry.outcome)?.bulkJob else { continue }
            switch try await bulk.bulkResults(jobID: job) {
            case .neverClosed:
                try? await bulk.abortBulkJob(jobID: job)
                try store.markBatch(runID: entry.runID, seq: entry.seq, .failed,
                                    outcome: "bulk job \(job) was never closed; aborted", now: environment.now())
            case .finished(let results), .failed(_, let results):
                let written = results.filter { $0.status == .written }.compactMap(\.key)
                let intents = Dictionary(PushIntent.decode(entry.intent).map { ($0.id, $0) }) { first, _ in first }
                var values: [SeenFieldValue] = []
                for key in written {
                    for (field, value) in intents[key]?.fields ?? [:] {
                        values.append(SeenFieldValue(
                            key: RemoteFieldKey(object: entry.object, externalID: key, field: field),
                            value: value.isEmpty ? nil : value))
                    }
                }
                try store.settleBatch(
                    runID: entry.runID, seq: entry.seq, target: open.target.name,
                    outcome: PushOutcomeText.encode(PushOutcomeText(
                        sent: intents.count, answered: results.count, written: written.sorted(),
                        rejected: results.count - written.count, bulkJob: job)),
                    written: values, rejects: [], now: environment.now())
            }
        }
    }

    /// Restores what a push run overwrote, as a plan of its own: a field whose remote value is still what the
    /// run wrote gets back the value it replaced; a field changed since is a conflict, left alone.
    public func undo(runID: Int64, config: LeadBridgeConfig, allowMassChange: Bool,
                     progress: (@Sendable (String, Int, Int) -> Void)? = nil) async throws -> [PushReport] {
        let journal = try store.journal(runID: runID)
        guard let targetName = journal.first?.target else {
            throw PushPlanError("run \(runID) wrote nothing (no journal); `leadbridge runs` lists the push runs")
        }
        let open = try await openTargets(config: config, names: [targetName])[0]
        var planned: [PlannedRecord] = []
        var summary = PushPlan.TargetSummary(target: targetName,
                                             liveRecords: try store.liveRecordCount(target: targetName))
        var byObject: [String: [(PushIntent, Set<String>)]] = [:]
        for entry in journal where entry.status == .confirmed {
            let written = Set(PushOutcomeText.decode(entry.outcome)?.written ?? [])
            for intent in PushIntent.decode(entry.intent) where written.contains(intent.id) {
                byObject[entry.object, default: []].append((intent, written))
            }
        }
        for (object, intents) in byObject.sorted(by: { $0.key < $1.key }) {
            let remote = try await readRemote(open, object: object, keys: intents.map(\.0.id))
            summary.read += intents.count
            for (intent, _) in intents {
                guard let values = remote[intent.id] else { continue }
                var fields: [PlannedField] = []
                for (field, wrote) in intent.fields.sorted(by: { $0.key < $1.key }) {
                    let theirs = values.fields[field]
                    let before = intent.before[field]
                    let source = open.target.rules.first { $0.remoteField == field }?.source.rawValue ?? field
                    var planned = PlannedField(
                        field: field, source: source, action: .write, base: wrote, baseKnown: true,
                        ours: before ?? "", theirs: theirs, policy: "undo", reason: "undo run \(runID)")
                    if PushPlanner.same(theirs, before) {
                        planned.action = .noChange
                        summary.noChange += 1
                    } else if !PushPlanner.same(theirs, wrote.isEmpty ? nil : wrote) {
                        planned.action = .conflict
                        planned.reason = "changed in the CRM since run \(runID) wrote it; left alone"
                        summary.conflicts += 1
                    } else {
                        summary.writes += 1
                        summary.writesByField[field, default: 0] += 1
                        planned.replacesValue = theirs != nil
                    }
                    fields.append(planned)
                }
                let record = PlannedRecord(
                    contactID: intent.contact, email: nil, target: targetName, object: object,
                    externalID: intent.id, remoteModifiedAt: values.modifiedAt, linksInTarget: 1, fields: fields)
                if !record.writes.isEmpty {
                    summary.recordsToWrite += 1
                    if record.writes.contains(where: \.replacesValue) { summary.recordsReplacingValues += 1 }
                }
                planned.append(record)
            }
        }
        let plan = makePlan([summary], planned, backfill: false)
        if !allowMassChange { try checkGuard(plan, config: config) }
        return [try await apply(planned, plan: plan, to: open, recheck: false, bulk: false, progress: progress)]
    }
}

extension PushReport {
    /// Adds another run's counts (a backfill's chunks).
    mutating func absorb(_ other: PushReport) {
        if runID == 0 { runID = other.runID }
        batches += other.batches
        recordsWritten += other.recordsWritten
        fieldsWritten += other.fieldsWritten
        conflicts += other.conflicts
        changedSincePlan += other.changedSincePlan
        for (kind, count) in other.rejected { rejected[kind, default: 0] += count }
        changedRemotely += other.changedRemotely
        unknownBatches += other.unknownBatches
        notTaken += other.notTaken
        replannedBatches += other.replannedBatches
        apiCalls = other.apiCalls
        writeBatch = other.writeBatch
    }
}

import Foundation

/// Sends a target's planned writes in the sink's largest batches: journals each batch before sending it, settles
/// the answer in one transaction, splits a batch the remote refused whole to isolate the records at fault, and
/// reads back stage fields the remote may silently keep.
struct BatchSender {
    let job: PushJob
    let open: PushJob.OpenTarget
    let plan: PushPlan
    var report: PushReport
    private var seq: Int64 = 0
    private var target: String { open.target.name }
    private var store: LeadStore { job.store }
    private var now: Int64 { job.environment.now() }

    init(job: PushJob, open: PushJob.OpenTarget, plan: PushPlan, report: PushReport) {
        self.job = job
        self.open = open
        self.plan = plan
        self.report = report
    }

    // MARK: Before sending

    /// Reads the records with writes again: a field whose remote value moved since the plan becomes a conflict.
    mutating func recheck(_ records: [PlannedRecord]) async throws -> [PlannedRecord] {
        var byObject: [String: [String]] = [:]
        for record in records where !record.writes.isEmpty { byObject[record.object, default: []].append(record.externalID) }
        var now: [RemoteRecordKey: RemoteValues] = [:]
        for (object, keys) in byObject {
            for (key, values) in try await job.readRemote(open, object: object, keys: keys) {
                now[RemoteRecordKey(object: object, id: key)] = values
            }
        }
        return records.map { record in
            guard !record.writes.isEmpty else { return record }
            var record = record
            let remote = now[RemoteRecordKey(object: record.object, id: record.externalID)]
            for index in record.fields.indices where record.fields[index].action == .write {
                let theirs = remote?.fields[record.fields[index].field]
                guard remote == nil || !PushPlanner.same(theirs, record.fields[index].theirs) else { continue }
                record.fields[index].action = remote == nil ? .skipped : .conflict
                record.fields[index].reason = remote == nil
                    ? "the remote record was not found when the plan was applied"
                    : "changed remotely since the plan was made (was \(record.fields[index].theirs ?? "empty"), "
                        + "now \(theirs ?? "empty"))"
                record.fields[index].base = record.fields[index].theirs
                record.fields[index].baseKnown = true
                record.fields[index].theirs = theirs
                if remote != nil { report.changedSincePlan += 1 }
            }
            record.remoteModifiedAt = remote?.modifiedAt ?? record.remoteModifiedAt
            return record
        }
    }

    /// Records what needs no write: conflicts, bases that move to a remote value equal to ours, and conflicts
    /// that agreement closed.
    mutating func settleReadOnlyOutcomes(_ records: [PlannedRecord]) throws {
        var conflicts: [StoredConflict] = []
        var seen: [SeenFieldValue] = []
        var agreed: [RemoteFieldKey] = []
        for record in records {
            for field in record.fields {
                let key = RemoteFieldKey(object: record.object, externalID: record.externalID, field: field.field)
                switch field.action {
                case .conflict:
                    report.conflicts += 1
                    conflicts.append(StoredConflict(
                        id: 0, runID: report.runID, contactID: record.contactID, email: record.email, target: target,
                        key: key, base: field.base, ours: field.ours, theirs: field.theirs, policy: field.policy,
                        resolution: .open, detectedAt: now, remoteModifiedAt: record.remoteModifiedAt))
                case .noChange:
                    seen.append(SeenFieldValue(key: key, value: field.theirs))
                    agreed.append(key)
                case .write, .skipped:
                    break
                }
            }
        }
        try store.recordConflicts(conflicts, now: now)
        try store.rememberSeen(seen, target: target, keepWritten: false, now: now)
        try store.supersedeConflicts(agreed, target: target)
    }

    // MARK: Sending

    /// One record's write in a batch.
    struct Item {
        var record: PlannedRecord
        var write: RecordWrite
        var intent: PushIntent
    }

    mutating func send(_ records: [PlannedRecord], bulk: Bool, progress: (@Sendable (String, Int, Int) -> Void)?)
        async throws
    {
        let limits = open.sink.limits
        var groups: [String: (plain: [Item], conditional: [Item])] = [:]
        for record in records {
            let writes = record.writes
            guard !writes.isEmpty else { continue }
            var fields: [String: String] = [:]
            var before: [String: String] = [:]
            for field in writes {
                fields[field.field] = field.ours ?? ""
                if let theirs = field.theirs { before[field.field] = theirs }
            }
            let conditional = limits.conditionalWrites && writes.contains(where: \.conditional)
            let item = Item(
                record: record,
                write: RecordWrite(key: record.externalID, fields: fields,
                                   unmodifiedSince: conditional ? record.remoteModifiedAt : nil),
                intent: PushIntent(id: record.externalID, fields: fields, before: before, contact: record.contactID))
            if conditional, record.remoteModifiedAt != nil {
                groups[record.object, default: ([], [])].conditional.append(item)
            } else {
                groups[record.object, default: ([], [])].plain.append(item)
            }
        }
        let total = groups.values.reduce(0) { $0 + $1.plain.count + $1.conditional.count }
        var done = 0
        let size = max(limits.writeBatch, 1)
        for object in groups.keys.sorted() {
            let group = groups[object]!
            if bulk, let sink = open.sink as? any BulkRecordSink, group.plain.count >= sink.bulkThreshold {
                try await sendBulk(group.plain, object: object, sink: sink)
                done += group.plain.count
                progress?(target, done, total)
                for start in stride(from: 0, to: group.conditional.count, by: size) {
                    let batch = Array(group.conditional[start..<min(start + size, group.conditional.count)])
                    try await sendBatch(batch, object: object)
                    done += batch.count
                    progress?(target, done, total)
                }
                continue
            }
            for items in [group.plain, group.conditional] {
                for start in stride(from: 0, to: items.count, by: size) {
                    let batch = Array(items[start..<min(start + size, items.count)])
                    try await sendBatch(batch, object: object)
                    done += batch.count
                    progress?(target, done, total)
                }
            }
        }
    }

    /// Journals and sends one batch, and settles its answer.
    private mutating func sendBatch(_ items: [Item], object: String) async throws {
        seq += 1
        let batchSeq = seq
        try store.journalBatch(PushJournalEntry(
            runID: report.runID, seq: batchSeq, planID: plan.id, planHash: plan.hash, target: target, object: object,
            intent: PushIntent.encode(items.map(\.intent)), status: .sent, updatedAt: now))
        report.batches += 1
        let outcome: WriteBatchOutcome
        do {
            outcome = try await open.sink.write(object: object, items.map(\.write))
        } catch let failure as any RemoteFailure where failure.refusedTheData {
            try store.markBatch(runID: report.runID, seq: batchSeq, .failed, outcome: "\(failure)", now: now)
            guard items.count > 1 else {
                try reject(items, object: object, kind: "rejected", code: "push.rejected",
                           message: "the remote refused the write: \(failure)", seq: batchSeq)
                return
            }
            // Refused whole: halve it until the records at fault are alone.
            let middle = items.count / 2
            try await sendBatch(Array(items[..<middle]), object: object)
            try await sendBatch(Array(items[middle...]), object: object)
            return
        } catch {
            try? store.markBatch(runID: report.runID, seq: batchSeq, .failed, outcome: "\(error)", now: now)
            try? reject(items, object: object, kind: "transient", code: "push.transient",
                        message: "not written: \(error); the next push reads these records again and retries",
                        seq: nil)
            throw error
        }
        switch outcome {
        case .outcomeUnknown(let text):
            report.unknownBatches += 1
            try store.markBatch(runID: report.runID, seq: batchSeq, .unknown, outcome: text, now: now)
        case .answered(let results):
            try await settle(items, results: results, object: object, seq: batchSeq)
        }
    }

    /// Sends the records through one bulk ingest job: the job's id is journaled before any data is uploaded, so
    /// that a rerun asks the job what it did instead of sending the records again.
    private mutating func sendBulk(_ items: [Item], object: String, sink: any BulkRecordSink) async throws {
        seq += 1
        let batchSeq = seq
        let jobID = try await sink.openBulkJob(object: object)
        try store.journalBatch(PushJournalEntry(
            runID: report.runID, seq: batchSeq, planID: plan.id, planHash: plan.hash, target: target, object: object,
            intent: PushIntent.encode(items.map(\.intent)), status: .sent,
            outcome: PushOutcomeText.encode(PushOutcomeText(sent: items.count, answered: 0, written: [], rejected: 0,
                                                            bulkJob: jobID)),
            updatedAt: now))
        report.batches += 1
        try await sink.uploadAndClose(jobID: jobID, object: object, items.map(\.write))
        switch try await sink.bulkResults(jobID: jobID) {
        case .finished(let results):
            try await settle(items, results: results, object: object, seq: batchSeq, bulkJob: jobID)
        case .neverClosed:
            try store.markBatch(runID: report.runID, seq: batchSeq, .failed,
                                outcome: "bulk job \(jobID) was never closed", now: now)
        case .failed(let reason, let results):
            // What the job processed stays (Salesforce does not roll it back); the rest is planned again.
            job.environment.logger.warning("bulk job failed", metadata: ["bulk.job": "\(jobID)",
                                                                         "bulk.reason": "\(reason)"])
            try await settle(items, results: results, object: object, seq: batchSeq, bulkJob: jobID)
        }
    }

    private mutating func settle(_ items: [Item], results: [RecordWriteResult], object: String, seq batchSeq: Int64,
                                 bulkJob: String? = nil) async throws
    {
        var byKey: [String: RecordWriteResult] = [:]
        for result in results { if let key = result.key { byKey[key] = result } }
        var written: [SeenFieldValue] = []
        var rejects: [RejectEntry] = []
        var stageChecks: [Item] = []
        let stageFields = Set(open.target.rules.filter { $0.source == .lifecycleStage }.map(\.remoteField))
        for item in items {
            guard let result = byKey[item.write.key] else { continue }
            switch result.status {
            case .written:
                report.recordsWritten += 1
                report.fieldsWritten += item.write.fields.count
                for (field, value) in item.write.fields {
                    written.append(SeenFieldValue(
                        key: RemoteFieldKey(object: object, externalID: item.write.key, field: field),
                        value: value.isEmpty ? nil : value))
                }
                if open.sink.limits.readsBackStages, item.write.fields.keys.contains(where: stageFields.contains) {
                    stageChecks.append(item)
                }
            case .rejected, .skipped:
                let kind = result.status == .rejected ? "rejected" : "skipped"
                report.rejected[kind, default: 0] += 1
                let reasons = result.errors.map(\.description).joined(separator: "; ")
                rejects.append(rejectEntry(item, object: object, code: "push.\(kind)",
                    message: "\(target) \(kind) the write of \(object) \(item.write.key): "
                        + (reasons.isEmpty ? "no reason given" : reasons)
                        + "; the next push tries again once the record or the mapping is fixed",
                    seq: batchSeq))
            case .changedRemotely:
                report.changedRemotely += 1
            }
        }
        let writtenKeys = Set(written.map(\.key.externalID)).sorted()
        let outcome = PushOutcomeText.encode(PushOutcomeText(
            sent: items.count, answered: byKey.count, written: writtenKeys, rejected: rejects.count,
            bulkJob: bulkJob))
        try store.settleBatch(runID: report.runID, seq: batchSeq, target: target, outcome: outcome,
                              written: written, rejects: rejects, now: now)
        if !stageChecks.isEmpty { try await readBack(stageChecks, fields: stageFields, object: object) }
    }

    /// Reads written stage fields back; a value the remote kept is reported as not taken and becomes the base.
    private mutating func readBack(_ items: [Item], fields: Set<String>, object: String) async throws {
        let remote = try await job.readRemote(open, object: object, keys: items.map(\.write.key))
        var conflicts: [StoredConflict] = []
        var seen: [SeenFieldValue] = []
        for item in items {
            guard let values = remote[item.write.key] else { continue }
            for (field, ours) in item.write.fields where fields.contains(field) {
                let actual = values.fields[field]
                guard !PushPlanner.same(actual, ours) else { continue }
                report.notTaken += 1
                let key = RemoteFieldKey(object: object, externalID: item.write.key, field: field)
                seen.append(SeenFieldValue(key: key, value: actual))
                conflicts.append(StoredConflict(
                    id: 0, runID: report.runID, contactID: item.record.contactID, email: item.record.email,
                    target: target, key: key, base: item.intent.before[field], ours: ours, theirs: actual,
                    policy: "remote", resolution: .notTaken, detectedAt: now, remoteModifiedAt: values.modifiedAt))
            }
        }
        try store.rememberSeen(seen, target: target, keepWritten: false, now: now)
        try store.recordConflicts(conflicts, now: now)
    }

    private mutating func reject(_ items: [Item], object: String, kind: String, code: String, message: String,
                                 seq batchSeq: Int64?) throws {
        report.rejected[kind, default: 0] += items.count
        let entries = items.map { rejectEntry($0, object: object, code: code, message: message, seq: batchSeq) }
        try store.apply(contacts: [], rejects: entries, runID: report.runID, now: now)
    }

    private func rejectEntry(_ item: Item, object: String, code: String, message: String, seq batchSeq: Int64?)
        -> RejectEntry
    {
        let endpoint = "push \(target) \(object)" + (batchSeq.map { " batch \($0)" } ?? "")
        return RejectEntry(
            connection: target, stream: "push:" + object,
            rejection: RecordRejection(code: code, message: message,
                                       location: RecordLocation(source: endpoint, index: 1),
                                       externalID: item.write.key),
            recordJSON: PushIntent.encode([item.intent]))
    }
}

import Foundation
import Logging

/// The `plan` and `push` jobs: plans what to write back to the CRM targets (three-way, per field) and applies a
/// plan in the APIs' largest batches, journaled, so that a crash never loses a write nor sends one twice.
///
/// Planning reads the current remote values of the records whose value LeadBridge wants to change (in the
/// sink's read batches), plus the records of earlier batches whose outcome is unknown; records whose every field
/// holds what LeadBridge last wrote or saw cost no call. Applying journals each batch as `sent` before sending it,
/// and in one transaction with the answer moves the bases of the fields the remote confirmed (``LeadStore/
/// settleBatch(runID:seq:target:outcome:written:rejects:now:)``). A batch killed in flight leaves its bases where
/// they were, so the next push reads its records again: what landed is then no change, what did not is written
/// once more.
///
/// ```swift
/// let job = PushJob(store: store, connectors: ConnectorRegistry.standard(), environment: environment)
/// let plan = try await job.plan(config: config, targets: [])
/// let reports = try await job.apply(plan, config: config, recheck: false, allowMassChange: false)
/// ```
public struct PushJob: Sendable {
    public var store: LeadStore
    public var connectors: any ConnectorFactory
    public var environment: JobEnvironment
    /// Read calls in flight at once while planning.
    public var readConcurrency: Int

    public init(store: LeadStore, connectors: any ConnectorFactory, environment: JobEnvironment,
                readConcurrency: Int = 4) {
        self.store = store
        self.connectors = connectors
        self.environment = environment
        self.readConcurrency = max(readConcurrency, 1)
    }

    /// A target opened for a push.
    struct OpenTarget: Sendable {
        var connection: ConnectionConfig
        var target: PushTarget
        var connector: any Connector
        var sink: any RecordSink
    }

    // MARK: Targets

    /// The targets a push covers: those named, or every API connection whose mapping has a `push:` section.
    func openTargets(config: LeadBridgeConfig, names: [String]) async throws -> [OpenTarget] {
        var selected: [ConnectionConfig] = []
        if names.isEmpty {
            selected = config.connections.filter { connectors.kinds.contains($0.kind) }
        } else {
            for name in names { selected.append(try config.connection(named: name)) }
        }
        var opened: [OpenTarget] = []
        for connection in selected {
            let mapping = try FieldMapping.load(path: connection.mappingPath)
            guard !mapping.push.isEmpty else {
                if names.contains(connection.name) {
                    throw ConfigurationError(file: connection.mappingPath, "connections.\(connection.name): its "
                        + "mapping has no `push:` section, so LeadBridge writes nothing to it; add one (see the "
                        + "shipped Mappings/hubspot.yml)")
                }
                continue
            }
            let usedToday = try store.apiCallsToday(connection: connection.name, now: environment.now())
            let connector = try connectors.open(connection, callsUsedToday: usedToday, logger: environment.logger)
            guard let sink = connector.sink else {
                // Every connection by default: those LeadBridge cannot write to yet are left out.
                if names.isEmpty { continue }
                throw ConfigurationError(file: connection.position, "connections.\(connection.name): LeadBridge "
                    + "cannot write to \(connection.kind.rawValue) yet; remove its mapping's `push:` section or name "
                    + "other targets")
            }
            opened.append(OpenTarget(connection: connection, target: PushTarget(name: connection.name,
                                                                                mapping: mapping),
                                     connector: connector, sink: sink))
        }
        guard !opened.isEmpty else {
            throw ConfigurationError(file: config.path, "no connection to push to: an API connection (HubSpot, "
                + "Salesforce) whose mapping has a `push:` section")
        }
        return opened
    }

    // MARK: Plan

    /// Plans the push to the named targets (every target when empty).
    ///
    /// - Parameter backfill: read and plan every record of the targets, not only those whose value changed
    ///   since LeadBridge last wrote or saw it (a first rollout, a new model).
    public func plan(config: LeadBridgeConfig, targets names: [String], backfill: Bool = false) async throws
        -> PushPlan
    {
        var summaries: [PushPlan.TargetSummary] = []
        var records: [PlannedRecord] = []
        for open in try await openTargets(config: config, names: names) {
            try await settleUnsettledBulkJobs(open)
            let planned = try await plan(open, backfill: backfill, after: nil, limit: nil)
            summaries.append(planned.summary)
            records += planned.records
        }
        return makePlan(summaries, records, backfill: backfill)
    }

    func makePlan(_ summaries: [PushPlan.TargetSummary], _ records: [PlannedRecord], backfill: Bool) -> PushPlan {
        PushPlan(id: UUID().uuidString.lowercased(), createdAt: UTCTime.iso8601(environment.now()),
                 modelHash: nil, backfill: backfill, targets: summaries, records: records)
            .withModelHash(try? store.currentModelHash())
    }

    struct TargetPlan {
        var summary: PushPlan.TargetSummary
        var records: [PlannedRecord]
        /// The last candidate key planned, for a backfill's checkpoint.
        var lastKey: (object: String, id: String)?
        var exhausted: Bool
    }

    /// Plans one target: candidates after `after` (object, key) in key order, at most `limit` of them.
    func plan(_ open: OpenTarget, backfill: Bool, after: (object: String, id: String)?, limit: Int?)
        async throws -> TargetPlan
    {
        let name = open.target.name
        // One more than the chunk, to know whether the target has more.
        var candidates = try store.pushCandidates(target: name, after: after, limit: limit.map { $0 + 1 })
        var exhausted = true
        if let limit, candidates.count > limit {
            candidates.removeLast(candidates.count - limit)
            exhausted = false
        }
        let bases = limit == nil ? try store.fieldBases(target: name) : try store.fieldBases(
            target: name, from: candidates.first.map { ($0.object, $0.externalID) },
            through: candidates.last.map { ($0.object, $0.externalID) })
        let conflicts = try store.activeConflicts(target: name)
        var forced = Set<RemoteRecordKey>()
        for entry in try store.unsettledBatches(target: name) {
            for id in PushIntent.keys(entry.intent) { forced.insert(RemoteRecordKey(object: entry.object, id: id)) }
        }
        let planner = PushPlanner(target: open.target)
        var summary = PushPlan.TargetSummary(target: name, liveRecords: try store.liveRecordCount(target: name))
        summary.candidates = candidates.count
        var toRead: [String: [PushCandidate]] = [:]
        for candidate in candidates {
            if backfill || forced.contains(RemoteRecordKey(object: candidate.object, id: candidate.externalID))
                || planner.needsRead(candidate, bases: bases, conflicts: conflicts)
            {
                toRead[candidate.object, default: []].append(candidate)
            } else {
                summary.noChange += open.target.rules.count { PushPlanner.ours($0, score: candidate.score) != nil }
            }
        }
        var records: [PlannedRecord] = []
        var people: [Int64: Int] = [:]
        for object in toRead.keys.sorted() {
            let group = toRead[object]!
            let remote = try await readRemote(open, object: object, keys: group.map(\.externalID))
            summary.read += group.count
            for candidate in group {
                let record = planner.plan(candidate, remote: remote[candidate.externalID], bases: bases,
                                          conflicts: conflicts)
                var keep = false
                var replaces = false
                for field in record.fields {
                    switch field.action {
                    case .write:
                        summary.writes += 1
                        summary.writesByField[field.field, default: 0] += 1
                        keep = true
                        replaces = replaces || field.replacesValue
                    case .conflict:
                        summary.conflicts += 1
                        keep = true
                    case .noChange:
                        summary.noChange += 1
                        if !field.baseKnown || !PushPlanner.same(field.base, field.theirs)
                            || conflicts[RemoteFieldKey(object: object, externalID: candidate.externalID,
                                                        field: field.field)] != nil {
                            keep = true
                        }
                    case .skipped:
                        summary.skipped += 1
                        if field.reason?.hasPrefix("never_demote") == true || field.reason?.hasPrefix("kept") == true {
                            keep = true
                        }
                    }
                }
                if !record.writes.isEmpty {
                    summary.recordsToWrite += 1
                    if candidate.linksInTarget > 1 { people[candidate.contactID, default: 0] += 1 }
                }
                if replaces { summary.recordsReplacingValues += 1 }
                if keep { records.append(record) }
            }
        }
        summary.peopleWithSeveralRecords = people.count
        let last = candidates.last.map { (object: $0.object, id: $0.externalID) }
        return TargetPlan(summary: summary, records: records, lastKey: last, exhausted: exhausted)
    }

    /// The remote values of these records, read in the sink's batches, several calls in flight.
    func readRemote(_ open: OpenTarget, object: String, keys: [String]) async throws -> [String: RemoteValues] {
        let sink = open.sink
        let fields = open.target.remoteFields
        let size = max(sink.limits.readBatch, 1)
        let batches = stride(from: 0, to: keys.count, by: size).map { Array(keys[$0..<min($0 + size, keys.count)]) }
        var found: [String: RemoteValues] = [:]
        try await withThrowingTaskGroup(of: [RemoteValues].self) { group in
            var next = 0
            for _ in 0..<min(readConcurrency, batches.count) {
                let batch = batches[next]
                next += 1
                group.addTask { try await sink.currentValues(object: object, keys: batch, fields: fields) }
            }
            while let values = try await group.next() {
                for value in values { found[value.key] = value }
                if next < batches.count {
                    let batch = batches[next]
                    next += 1
                    group.addTask { try await sink.currentValues(object: object, keys: batch, fields: fields) }
                }
            }
        }
        return found
    }

    // MARK: Apply

    /// Checks the push guard of every target of a plan before anything is written.
    ///
    /// - Throws: ``PushGuardError`` for the first target over its share.
    public func checkGuard(_ plan: PushPlan, config: LeadBridgeConfig) throws {
        for summary in plan.targets {
            let percent = (try? config.connection(named: summary.target))?.settings.api?.pushMaxChangePercent ?? 20
            if summary.changedShare * 100 > Double(percent) {
                throw PushGuardError(target: summary.target, records: summary.recordsReplacingValues,
                                     liveRecords: summary.liveRecords, percentAllowed: percent,
                                     writesByField: summary.writesByField)
            }
        }
    }

    /// Applies a plan: per target, a push run that journals and sends its writes.
    ///
    /// - Parameters:
    ///   - recheck: read the records with writes again first (a saved plan): a field whose remote value moved
    ///     since the plan becomes a conflict, not a write.
    ///   - allowMassChange: skip the guard.
    /// - Throws: ``PushGuardError`` before writing anything; a remote failure that stops a target (its run is
    ///   recorded as failed; what was confirmed stays).
    public func apply(_ plan: PushPlan, config: LeadBridgeConfig, recheck: Bool, allowMassChange: Bool,
                      progress: (@Sendable (String, Int, Int) -> Void)? = nil) async throws -> [PushReport] {
        if !allowMassChange { try checkGuard(plan, config: config) }
        let opened = try await openTargets(config: config, names: plan.targets.map(\.target))
        return try await apply(plan, to: opened, recheck: recheck, progress: progress)
    }

    /// Plans and applies in one step, on the same connections (the report counts the plan's reads too).
    ///
    /// - Throws: ``PushGuardError`` before writing anything.
    public func push(config: LeadBridgeConfig, targets names: [String], allowMassChange: Bool,
                     progress: (@Sendable (String, Int, Int) -> Void)? = nil) async throws
        -> (plan: PushPlan, reports: [PushReport])
    {
        let opened = try await openTargets(config: config, names: names)
        var summaries: [PushPlan.TargetSummary] = []
        var records: [PlannedRecord] = []
        for open in opened {
            try await settleUnsettledBulkJobs(open)
            let planned = try await plan(open, backfill: false, after: nil, limit: nil)
            summaries.append(planned.summary)
            records += planned.records
        }
        let plan = makePlan(summaries, records, backfill: false)
        if !allowMassChange { try checkGuard(plan, config: config) }
        return (plan, try await apply(plan, to: opened, recheck: false, progress: progress))
    }

    func apply(_ plan: PushPlan, to opened: [OpenTarget], recheck: Bool,
               progress: (@Sendable (String, Int, Int) -> Void)?) async throws -> [PushReport] {
        var reports: [PushReport] = []
        for open in opened {
            let records = plan.records.filter { $0.target == open.target.name }
            reports.append(try await apply(records, plan: plan, to: open, recheck: recheck, bulk: false,
                                           progress: progress))
        }
        return reports
    }

    func apply(_ planned: [PlannedRecord], plan: PushPlan, to open: OpenTarget, recheck: Bool, bulk: Bool,
               progress: (@Sendable (String, Int, Int) -> Void)?) async throws -> PushReport {
        let name = open.target.name
        let runID = try store.startRun(command: "push", connection: name, now: environment.now())
        var sender = BatchSender(job: self, open: open, plan: plan, report: PushReport(target: name, runID: runID))
        sender.report.writeBatch = open.sink.limits.writeBatch
        do {
            var records = planned
            if recheck { records = try await sender.recheck(records) }
            try sender.settleReadOnlyOutcomes(records)
            let replanned = try store.unsettledBatches(target: name)
            try store.markReplanned(replanned, now: environment.now())
            sender.report.replannedBatches = replanned.count
            try await sender.send(records, bulk: bulk, progress: progress)
        } catch {
            sender.report.apiCalls = await open.connector.source.callCounts()
            try? store.finishRun(runID, status: .failed, counts: sender.report.counts, message: "\(error)",
                                 now: environment.now())
            throw error
        }
        sender.report.apiCalls = await open.connector.source.callCounts()
        try store.finishRun(runID, status: sender.report.needsAttention ? .partial : .ok,
                            counts: sender.report.counts, now: environment.now())
        return sender.report
    }
}

/// A remote record: object and key.
struct RemoteRecordKey: Hashable, Sendable {
    var object: String
    var id: String
}

extension PushReport {
    /// What the run record keeps.
    var counts: [String: Int] {
        var counts = [
            "batches": batches, "records_written": recordsWritten, "fields_written": fieldsWritten,
            "conflicts": conflicts, "changed_since_plan": changedSincePlan, "changed_remotely": changedRemotely,
            "unknown_batches": unknownBatches, "not_taken": notTaken, "replanned_batches": replannedBatches,
            "api_calls": apiCalls.values.reduce(0, +),
        ]
        for (kind, count) in rejected { counts["rejected_" + kind] = count }
        return counts
    }
}

extension PushPlan {
    func withModelHash(_ hash: String?) -> PushPlan {
        var copy = self
        copy.modelHash = hash
        return copy
    }
}

import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Write scores and stages back to the CRM, never over a change a sales rep made.",
        discussion: """
            Plans (as `leadbridge plan` shows) and applies in one step, or applies a saved plan with --plan after \
            reading each record again (a field changed remotely since the plan becomes a conflict). Writes go in the \
            API's largest batches, each journaled before it is sent; a batch whose answer was lost is read again \
            and re-planned by the next push, never resent blindly. The guard refuses a plan that overwrites values in \
            more than push_max_change_percent (default 20) of a target's records unless --allow-mass-change. \
            --undo RUN restores what a push run overwrote (fields changed since are conflicts). Exit 2 for the \
            guard or a bad plan file, 3 when there were conflicts or rejected records.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Targets (connections) to push to (default: every connection with a push: section).")
    var targets: [String] = []

    @Option(help: "Apply this saved plan (from `leadbridge plan --out`).")
    var plan: String?

    @Flag(help: "Write every record of the targets, not only those whose value changed; resumes where it stopped.")
    var backfill = false

    @Option(help: "Restore the values this push run overwrote.")
    var undo: Int64?

    @Flag(help: "Apply a plan that overwrites values in more than the guard's share of a target's records.")
    var allowMassChange = false

    @Flag(help: "Print the reports as JSON.")
    var json = false

    func validate() throws {
        let modes = [plan != nil, backfill, undo != nil].filter { $0 }.count
        guard modes <= 1 else { throw ValidationError("use one of --plan, --backfill and --undo") }
        if plan != nil, !targets.isEmpty { throw ValidationError("a saved plan names its own targets") }
    }

    func run() async throws {
        try await reportingErrors {
            let config = try global.loadConfig()
            let job = PushJob(store: try global.openStore(config), connectors: ConnectorRegistry.standard(),
                              environment: .commandLine("push"))
            let progress = json ? nil : Self.progress()
            let reports: [PushReport]
            if let path = plan {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                    throw CLIFailure.usage("cannot read the plan \(path): \(error.localizedDescription)")
                }
                let saved = try PushPlan.load(data, path: path)
                reports = try await job.apply(saved, config: config, recheck: true, allowMassChange: allowMassChange,
                                              progress: progress)
            } else if let undo {
                reports = try await job.undo(runID: undo, config: config, allowMassChange: allowMassChange,
                                             progress: progress)
            } else if backfill {
                reports = try await job.backfill(config: config, targets: targets, allowMassChange: allowMassChange,
                                                 progress: progress)
            } else {
                reports = try await job.push(config: config, targets: targets, allowMassChange: allowMassChange,
                                             progress: progress).reports
            }
            Output.endProgress()
            if json { Output.json(reports.map(Self.object)) } else { reports.forEach(Self.render) }
            if reports.contains(where: \.needsAttention) { throw CLIExit.partial }
        }
    }

    static func progress() -> @Sendable (String, Int, Int) -> Void {
        let terminal = Output.stderrIsTerminal
        return { target, done, total in
            guard terminal || done == total else { return }
            let line = "pushing to \(target): \(done.formatted()) of \(total.formatted()) records"
            FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
        }
    }

    static func object(_ report: PushReport) -> [String: Any] {
        [
            "target": report.target, "run_id": report.runID, "batches": report.batches,
            "records_written": report.recordsWritten, "fields_written": report.fieldsWritten,
            "conflicts": report.conflicts, "changed_since_plan": report.changedSincePlan,
            "changed_remotely": report.changedRemotely, "rejected": report.rejected,
            "unknown_batches": report.unknownBatches, "not_taken": report.notTaken,
            "replanned_batches": report.replannedBatches, "api_calls": report.apiCalls,
            "write_batch": report.writeBatch,
        ]
    }

    static func render(_ report: PushReport) {
        print("pushed to \(report.target), run \(report.runID): \(report.recordsWritten.formatted()) records "
            + "(\(report.fieldsWritten.formatted()) fields) written in \(report.batches.formatted()) batches of up to "
            + "\(report.writeBatch)")
        let calls = report.apiCalls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        if !calls.isEmpty { print("  API calls: " + calls.joined(separator: ", ")) }
        if report.conflicts > 0 {
            print("  \(report.conflicts) conflicts left as the CRM has them (changed there since LeadBridge last saw "
                + "them); `leadbridge conflicts` lists them")
        }
        if report.changedSincePlan > 0 {
            print("  \(report.changedSincePlan) planned writes became conflicts: the CRM changed them after the plan")
        }
        for (kind, count) in report.rejected.sorted(by: { $0.key < $1.key }) {
            print("  \(count) records \(kind); reasons in the rejects table (run \(report.runID)); the next push "
                + "tries them again")
        }
        if report.changedRemotely > 0 {
            print("  \(report.changedRemotely) conditional writes found the record changed in the CRM; nothing "
                + "written, the next push reads them again")
        }
        if report.unknownBatches > 0 {
            print("  \(report.unknownBatches) batches got no answer; the next push reads their records again and "
                + "writes only what did not land")
        }
        if report.notTaken > 0 {
            print("  \(report.notTaken) stage writes did not take (the CRM kept its stage); see `leadbridge conflicts`")
        }
        if report.replannedBatches > 0 {
            print("  \(report.replannedBatches) unanswered batches of earlier runs were read again and re-planned")
        }
    }
}

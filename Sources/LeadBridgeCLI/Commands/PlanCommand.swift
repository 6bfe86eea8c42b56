import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a push would write back to the CRM: per-field old → new, conflicts, counts. Writes nothing.",
        discussion: """
            For each target (an API connection whose mapping has a `push:` section) and each pushed field: ours (the \
            scored value), base (what LeadBridge last saw or wrote) and theirs (read from the API now) give a write, \
            no change, a conflict (changed in the CRM since; the field's policy decides) or a skip. --out saves the \
            plan, which `leadbridge push --plan FILE` applies exactly. Exit 3 when the plan has conflicts.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Targets (connections) to plan for (default: every connection with a push: section).")
    var targets: [String] = []

    @Option(help: "Save the plan as JSON, for `leadbridge push --plan`.")
    var out: String?

    @Option(help: "Write the plan as an HTML page.")
    var html: String?

    @Flag(help: "Plan every record of the targets, not only those whose value changed (a first rollout).")
    var backfill = false

    @Flag(help: "Print the plan as JSON.")
    var json = false

    @Option(help: "Diffs to list per target (default 20).")
    var show = 20

    func run() async throws {
        try await reportingErrors {
            let config = try global.loadConfig()
            let job = PushJob(store: try global.openStore(config), connectors: ConnectorRegistry.standard(),
                              environment: .commandLine("plan"))
            let plan = try await job.plan(config: config, targets: targets, backfill: backfill)
            if let out { try plan.json().write(to: URL(fileURLWithPath: out)) }
            if let html { try Data(PushPlanHTML.render(plan).utf8).write(to: URL(fileURLWithPath: html)) }
            if json {
                FileHandle.standardOutput.write(try plan.json())
                print()
            } else {
                Self.render(plan, show: show, config: config)
                if let out { print("plan saved to \(out); apply it with `leadbridge push --plan \(out)`") }
                if let html { print("HTML plan written to \(html)") }
            }
            if plan.targets.contains(where: { $0.conflicts > 0 }) { throw CLIExit.partial }
        }
    }

    static func render(_ plan: PushPlan, show: Int, config: LeadBridgeConfig) {
        print("plan \(plan.id) (hash \(plan.hash)\(plan.modelHash.map { ", model \($0)" } ?? ""))")
        var table = TextTable(["target", "records", "read", "to write", "writes", "no change", "conflicts",
                               "skipped", "overwrites"])
        for target in plan.targets {
            table.add([target.target, target.liveRecords.formatted(), target.read.formatted(),
                       target.recordsToWrite.formatted(), target.writes.formatted(), target.noChange.formatted(),
                       target.conflicts.formatted(), target.skipped.formatted(),
                       String(format: "%.1f%%", target.changedShare * 100)])
        }
        print(table.render())
        for target in plan.targets {
            if target.peopleWithSeveralRecords > 0 {
                print("  \(target.target): \(target.peopleWithSeveralRecords) people are linked to several records "
                    + "(a Lead and a Contact, or duplicates); each record is written")
            }
            let percent = (try? config.connection(named: target.target))?.settings.api?.pushMaxChangePercent ?? 20
            if target.changedShare * 100 > Double(percent) {
                print("  \(target.target): overwrites values in more than \(percent)% of its records; `push` needs "
                    + "--allow-mass-change")
            }
            let records = plan.records.filter { $0.target == target.target }
            let shown = records.filter { $0.fields.contains { $0.action == .write || $0.action == .conflict } }
            guard !shown.isEmpty else { continue }
            print("\n\(target.target): first \(min(show, shown.count)) of \(shown.count) records with writes or "
                + "conflicts")
            var diffs = TextTable(["person", "record", "field", "base", "theirs", "→ ours", "action"])
            for record in shown.prefix(show) {
                for field in record.fields where field.action == .write || field.action == .conflict {
                    diffs.add([record.email ?? "#\(record.contactID)", "\(record.object) \(record.externalID)",
                               field.field, field.baseKnown ? (field.base ?? "∅") : "?", field.theirs ?? "∅",
                               field.ours ?? "∅", field.action == .conflict ? "CONFLICT" : "write"])
                }
            }
            print(diffs.render(maxWidth: 40))
        }
    }
}

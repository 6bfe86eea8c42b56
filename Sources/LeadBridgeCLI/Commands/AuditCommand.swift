import ArgumentParser
import Foundation
import LeadBridge

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Evidence for the quarterly review: conversion by score band, MQL precision, handoff SLA.",
        discussion: """
            Reads the stored scores (run `leadbridge score` first), the CRM stages and the recorded stage \
            transitions. --html writes one self-contained page with inline SVG charts.

            The review window (--from, --to: UTC dates, both days included; default the last full calendar \
            quarter before --as-of) selects the contacts whose first stage decision falls in it: the time \
            scoring made them an MQL, or sales took or disqualified them without one; a contact that has \
            always been a lead counts by its creation time. What became of them (conversion, handoff time) is \
            followed to the as-of time, whenever it happened.

            Every audit also shows which rules predict conversion: per fit and engagement rule, the converters \
            and non-converters it fired for and the conversion rate with and without it, from the scoring \
            engine run in memory. --model FILE evaluates a candidate scoring model the same way on the same \
            contacts and prints it next to the current one (MQLs, precision, recall, lift, conversion by band, \
            stage changes); nothing is written to the store. Rates on fewer contacts than audit.min_sample \
            (or --min-sample) are flagged as too few to judge.
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var asOf: AsOfOption

    @Option(help: "The MQL→SAL SLA in hours, for a what-if (default: handoff.sla_hours in scoring.yml).")
    var slaHours: Double?

    @Option(help: "The first day of the review window (YYYY-MM-DD, UTC; with --to).")
    var from: String?

    @Option(help: "The last day of the review window, included (YYYY-MM-DD, UTC; with --from).")
    var to: String?

    @Option(help: ArgumentHelp(
        "A candidate scoring model to evaluate next to the current one (what-if); the store is not changed.",
        valueName: "file"))
    var model: String?

    @Option(help: "The fewest contacts a band's or rule's rate is judged on (default: audit.min_sample, 30).")
    var minSample: Int?

    @Option(help: "Also write the audit as an HTML page to this file.")
    var html: String?

    @Flag(help: "Print the audit as JSON.")
    var json = false

    func validate() throws {
        if let slaHours, slaHours <= 0 { throw ValidationError("--sla-hours must be more than 0") }
        if let minSample, minSample < 1 { throw ValidationError("--min-sample must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let asOf = asOf.seconds
            let window = try reviewWindow(asOf: asOf)
            let config = try global.loadConfig()
            let current = try ScoreCommand.loadModel(path: config.scoringPath)
            let candidate = try model.map {
                (model: try ScoreCommand.loadModel(path: $0, what: "the candidate model \($0); nothing was audited"),
                 file: $0)
            }
            let store = try global.openStore(config)
            let audit = try store.audit(
                model: current, asOf: asOf, slaHours: slaHours, window: window, candidate: candidate,
                minSample: minSample)
            if let html {
                do {
                    try ScoringAuditHTML.render(audit).write(toFile: html, atomically: true, encoding: .utf8)
                } catch {
                    throw CLIFailure.failure("cannot write \(html): \(error)")
                }
            }
            if json { try ScoreCommand.printJSON(audit) } else { render(audit) }
            if let html, !json { print("\nHTML report: \(html)") }
        }
    }

    /// The window --from and --to give, or the last full quarter before `asOf`; a usage error (exit 2) otherwise.
    private func reviewWindow(asOf: Int64) throws -> ReviewWindow {
        switch (from, to) {
        case (nil, nil):
            return ReviewWindow.lastFullQuarter(before: asOf)
        case (let from?, let to?):
            do {
                return try ReviewWindow(firstDay: from, lastDay: to)
            } catch {
                switch error.code {
                case .notADate:
                    let option = ReviewWindow.dayStart(from) == nil ? "--from" : "--to"
                    throw CLIFailure.usage(
                        "\(option) must be a date like 2026-07-01 (YYYY-MM-DD, UTC), not `\(error.text)`")
                case .reversed:
                    throw CLIFailure.usage(
                        "--from \(from) is after --to \(to): the window would be empty (--to is the last day included)")
                }
            }
        case (_?, nil), (nil, _?):
            throw CLIFailure.usage(
                "give both --from and --to (the first and last day of the review window), or neither for the last "
                    + "full quarter before the as-of time")
        }
    }

    private func render(_ audit: ScoringAudit) {
        if let window = audit.window {
            print("Review window \(window.description): \(audit.contacts) scored contacts whose first stage decision "
                + "(or, for leads, creation) falls in it; \(audit.outsideWindow) outside it"
                + (audit.undated > 0 ? ", \(audit.undated) without a date" : "") + " left out.")
        }
        print("Audit as of \(UTCTime.iso8601(audit.asOf)), model \(audit.modelHash): \(audit.contacts) scored contacts, "
            + "\(audit.convertedCount) converted (reached \(audit.convertedStages.joined(separator: ", ")) or later, "
            + "from the stage history).\n")
        var bands = TextTable(["total score", "contacts", "converted", "rate"])
        for band in audit.bands {
            bands.add([band.label, String(band.contacts), String(band.converted), String(format: "%.1f%%", band.rate * 100)])
        }
        print(bands.render())
        printWarnings(audit.warnings.filter { $0.figures == "stored" })
        print("")
        let s = audit.separation
        print("MQL rule vs conversion: precision \(String(format: "%.1f%%", s.precision * 100)), "
            + "recall \(String(format: "%.1f%%", s.recall * 100)), base rate \(String(format: "%.1f%%", s.baseRate * 100)), "
            + "lift \(String(format: "%.2f", s.lift))× (TP \(s.truePositives), FP \(s.falsePositives), "
            + "FN \(s.falseNegatives), TN \(s.trueNegatives))\n")
        let h = audit.handoff
        print("MQL→SAL handoff, SLA \(ExplainCommand.number(h.slaHours)) h: \(h.count) measured, \(h.withinSLA) within, "
            + "median \(h.medianHours.map(ExplainCommand.number) ?? "–") h, "
            + "p90 \(h.p90Hours.map(ExplainCommand.number) ?? "–") h, \(h.breachCount) breaches, "
            + "\(h.pendingOverSLACount) MQLs waiting longer than the SLA.")
        print("Acceptance times from: \(ScoringAuditHTML.sources(h.acceptedAtSources)).")
        if !h.breaches.isEmpty {
            var table = TextTable(["email", "company", "MQL at", "accepted at", "accepted time from", "hours"])
            for record in h.breaches.prefix(20) {
                table.add([
                    record.email ?? "#\(record.contactID)", record.company ?? "", UTCTime.iso8601(record.mqlAt),
                    record.acceptedAt.map(UTCTime.iso8601) ?? "", ScoringAuditHTML.sourcePhrase(record.acceptedAtSource),
                    ExplainCommand.number(record.hours),
                ])
            }
            print("\n" + table.render())
        }
        if !audit.converters.isEmpty {
            var table = TextTable(["email", "company", "title", "stage", "fit", "eng", "total", "grade", "MQL rule"])
            for c in audit.converters.prefix(20) {
                table.add([
                    c.email ?? "#\(c.id)", c.company ?? "", c.title ?? "", c.crmStage, ExplainCommand.number(c.fit),
                    ExplainCommand.number(c.engagement), ExplainCommand.number(c.total), c.grade,
                    c.qualified ? "met" : "not met",
                ])
            }
            print("\nConverters, highest score first (score when sales took them):\n" + table.render())
        }
        renderRules(audit)
        renderWhatIf(audit)
    }
}

import Foundation
import LeadBridge

extension AuditCommand {
    /// Which rules predict conversion, for the current model.
    func renderRules(_ audit: ScoringAudit) {
        print("\nWhich rules predict conversion (the current model\(ScoringAuditHTML.evaluatedAt(audit))):")
        print(rulesTable(audit.rules))
        printWarnings(audit.warnings.filter { $0.figures == "current" && $0.subject.hasPrefix("rule ") })
    }

    /// The candidate next to the current model: the figures, conversion by band, stage changes, the candidate's rules.
    func renderWhatIf(_ audit: ScoringAudit) {
        guard let whatIf = audit.whatIf else { return }
        let (current, candidate) = (whatIf.current, whatIf.candidate)
        print("\nWhat if: \(whatIf.candidateFile) (model \(candidate.modelHash)) next to the current model "
            + "(\(current.modelHash)), on the same \(audit.contacts) contacts and outcomes"
            + "\(ScoringAuditHTML.evaluatedAt(audit)):")
        var table = TextTable(["", "current", "candidate"])
        func row(_ label: String, _ value: (ModelEvaluation) -> String) {
            table.add([label, value(current), value(candidate)])
        }
        row("MQLs (met the MQL rule)") { String($0.separation.mqlCount) }
        row("converted MQLs") { String($0.separation.truePositives) }
        row("precision") { Self.percent($0.separation.precision) }
        row("recall") { Self.percent($0.separation.recall) }
        row("lift") { String(format: "%.2f×", $0.separation.lift) }
        row("conversion, all contacts") { Self.percent($0.separation.baseRate) }
        for (index, band) in current.bands.enumerated() {
            row("conversion, band \(band.label)") {
                let band = $0.bands[index]
                return "\(ScoringAuditHTML.rate(band.rate, of: band.contacts)) (\(band.converted) of \(band.contacts))"
            }
        }
        print(table.render())
        let moves = whatIf.stageChanges.map { "\($0.from) → \($0.to): \($0.count)" }.joined(separator: ", ")
        print("Stage changes if the candidate were signed: \(whatIf.stageChangeCount) contacts"
            + (moves.isEmpty ? "." : " (\(moves))."))
        if let note = ScoringAuditHTML.currentColumnNote(audit) { print(note) }
        printWarnings(audit.warnings.filter {
            ($0.figures == "current" || $0.figures == "candidate") && $0.subject.hasPrefix("band ")
        })
        for setting in whatIf.ignored { print("Not used from the candidate: \(setting).") }
        print("\nWhich rules predict conversion (the candidate):")
        print(rulesTable(candidate.rules))
        printWarnings(audit.warnings.filter { $0.figures == "candidate" && $0.subject.hasPrefix("rule ") })
    }

    func printWarnings(_ warnings: [SampleWarning]) {
        for warning in warnings {
            let whose = warning.figures == "stored" ? "" : "\(warning.figures) model: "
            print("warning: \(whose)\(warning.message)")
        }
    }

    private func rulesTable(_ rules: [RuleConversion]) -> String {
        var table = TextTable(["rule", "points", "fired for: converted", "not converted", "rate when fired",
                               "rate otherwise"])
        for rule in rules {
            table.add([
                rule.id, ExplainCommand.number(rule.points), String(rule.firedConverted),
                String(rule.firedNotConverted),
                "\(ScoringAuditHTML.rate(rule.firedRate, of: rule.fired)) (n = \(rule.fired))",
                "\(ScoringAuditHTML.rate(rule.notFiredRate, of: rule.notFired)) (n = \(rule.notFired))",
            ])
        }
        return table.render()
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}

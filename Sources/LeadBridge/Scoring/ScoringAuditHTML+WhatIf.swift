extension ScoringAuditHTML {
    /// Which rules predict conversion, for the current model.
    static func rulesSection(_ audit: ScoringAudit) -> String {
        "<h2>Which rules predict conversion</h2>\n<p>The current model\(evaluatedAt(audit)).</p>\n"
            + rulesTable(audit.rules)
            + warningList(audit.warnings.filter { $0.figures == "current" && $0.subject.hasPrefix("rule ") })
    }

    /// The candidate next to the current model; empty without one.
    static func whatIfSection(_ audit: ScoringAudit) -> String {
        guard let whatIf = audit.whatIf else { return "" }
        let e = HTMLEscape.text
        let (current, candidate) = (whatIf.current, whatIf.candidate)
        var html = """
            <h2>What if: \(e(whatIf.candidateFile))</h2>
            <p>Candidate model <code>\(e(candidate.modelHash))</code> next to the current model
            <code>\(e(current.modelHash))</code>, on the same \(audit.contacts) contacts and
            outcomes\(evaluatedAt(audit)). Nothing was written to the store.</p>
            <table class="what-if"><tr><th></th><th>current</th><th>candidate</th></tr>

            """
        func row(_ label: String, _ value: (ModelEvaluation) -> String) {
            html += "<tr><th>\(e(label))</th><td class=\"n\">\(e(value(current)))</td>"
                + "<td class=\"n\">\(e(value(candidate)))</td></tr>\n"
        }
        row("MQLs (met the MQL rule)") { String($0.separation.mqlCount) }
        row("converted MQLs") { String($0.separation.truePositives) }
        row("precision") { percent($0.separation.precision) }
        row("recall") { percent($0.separation.recall) }
        row("lift") { String(format: "%.2f×", $0.separation.lift) }
        row("conversion, all contacts") { percent($0.separation.baseRate) }
        for (index, band) in current.bands.enumerated() {
            row("conversion, band \(band.label)") {
                let band = $0.bands[index]
                return "\(rate(band.rate, of: band.contacts)) (\(band.converted) of \(band.contacts))"
            }
        }
        html += "</table>\n"
        let moves = whatIf.stageChanges.map { "\($0.from) → \($0.to): \($0.count)" }.joined(separator: ", ")
        html += "<p>Stage changes if the candidate were signed: <strong>\(whatIf.stageChangeCount) contacts</strong>"
            + (moves.isEmpty ? "" : " (\(e(moves)))") + ".</p>\n"
        if let note = currentColumnNote(audit) { html += "<p>\(e(note))</p>\n" }
        for setting in whatIf.ignored { html += "<p>Not used from the candidate: \(e(setting)).</p>\n" }
        html += warningList(audit.warnings.filter {
            ($0.figures == "current" || $0.figures == "candidate") && $0.subject.hasPrefix("band ")
        })
        html += "<h3>Which rules predict conversion: the candidate</h3>\n" + rulesTable(candidate.rules)
            + warningList(audit.warnings.filter { $0.figures == "candidate" && $0.subject.hasPrefix("rule ") })
        return html
    }

    /// Why the what-if's current column differs from the stored figures, when it does; nil when it does not.
    public static func currentColumnNote(_ audit: ScoringAudit) -> String? {
        guard let whatIf = audit.whatIf, whatIf.current.separation != audit.separation else { return nil }
        let s = audit.separation
        return "The current column is computed as the candidate's is, scoring a converter as of when sales first "
            + "took it; the figures from the stored scores above (\(s.mqlCount) MQLs, precision "
            + "\(percent(s.precision)), recall \(percent(s.recall))) use the score stored when scoring first saw it in "
            + "a sales stage (and differ too when the data or the model changed since the last `leadbridge score`)."
    }

    /// The warnings as a list; empty when there are none.
    static func warningList(_ warnings: [SampleWarning]) -> String {
        guard !warnings.isEmpty else { return "" }
        return "<ul class=\"warnings\">\n" + warnings.map {
            let whose = $0.figures == "stored" ? "" : "\($0.figures) model: "
            return "<li class=\"bad\">\(HTMLEscape.text(whose + $0.message))</li>\n"
        }.joined() + "</ul>\n"
    }

    private static func rulesTable(_ rules: [RuleConversion]) -> String {
        let e = HTMLEscape.text
        var html = "<table class=\"rules\"><tr><th>rule</th><th>tests</th><th>points</th>"
            + "<th>fired for: converted</th><th>not converted</th><th>conversion when fired</th>"
            + "<th>when not fired</th></tr>\n"
        for rule in rules {
            html += "<tr><td>\(e(rule.id))</td><td>\(e(rule.kind.rawValue)): \(e(rule.rule))</td>"
                + "<td class=\"n\">\(number(rule.points))</td><td class=\"n\">\(rule.firedConverted)</td>"
                + "<td class=\"n\">\(rule.firedNotConverted)</td>"
                + "<td class=\"n\">\(rate(rule.firedRate, of: rule.fired)) (n = \(rule.fired))</td>"
                + "<td class=\"n\">\(rate(rule.notFiredRate, of: rule.notFired)) (n = \(rule.notFired))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// A conversion rate, or `–` when there is no contact to take it from.
    public static func rate(_ value: Double, of contacts: Int) -> String { contacts == 0 ? "–" : percent(value) }

    /// `, run in memory as of …, the stored scores' time; a converter as of when sales first took it`.
    public static func evaluatedAt(_ audit: ScoringAudit) -> String {
        guard let at = audit.evaluatedAt else { return "; nothing is scored yet" }
        return ", scored in memory as of \(UTCTime.iso8601(at)) (the stored scores' time), a converter as of when "
            + "sales first took it"
    }
}

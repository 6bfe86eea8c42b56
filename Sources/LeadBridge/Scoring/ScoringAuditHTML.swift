import Foundation

/// Renders a ``ScoringAudit`` as one self-contained HTML page: summary, an inline-SVG score histogram and
/// conversion-by-band chart, which rules predict conversion, a candidate model next to the current one (with
/// `audit --model`), the converters and the SLA breaches. Every value from CRM data or a file is HTML-escaped.
public enum ScoringAuditHTML {
    public static func render(_ audit: ScoringAudit) -> String {
        let e = HTMLEscape.text
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>LeadBridge scoring audit \(e(UTCTime.iso8601(audit.asOf)))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:72em}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
            td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
            .bad{color:#b00020}svg text{font-size:11px}
            </style></head><body>
            <h1>Scoring audit</h1>
            \(window(audit))<p>As of \(e(UTCTime.iso8601(audit.asOf))) · model <code>\(e(audit.modelHash))</code> ·
            \(audit.contacts) scored contacts · \(audit.convertedCount) converted
            (reached \(e(audit.convertedStages.joined(separator: ", "))) or later)</p>

            """
        let s = audit.separation
        html += """
            <h2>Does the MQL rule separate converters?</h2>
            <table><tr><th></th><th>converted</th><th>not converted</th></tr>
            <tr><th>met the MQL rule</th><td class="n">\(s.truePositives)</td><td class="n">\(s.falsePositives)</td></tr>
            <tr><th>did not</th><td class="n">\(s.falseNegatives)</td><td class="n">\(s.trueNegatives)</td></tr></table>
            <p>Precision \(percent(s.precision)) (qualified contacts that converted) · recall \(percent(s.recall))
            (converters that qualified) · base rate \(percent(s.baseRate)) · lift \(String(format: "%.2f", s.lift))×</p>

            """
        html += "<h2>Score histogram</h2>\n" + barChart(
            audit.histogram.map { ($0.label, Double($0.contacts), nil, $0.contacts) },
            axis: "contacts", tick: { number($0) }, minimumStep: 1, color: "#4a78c2")
        html += "<h2>Conversion by score band</h2>\n" + barChart(
            audit.bands.map { ($0.label, $0.rate, percent($0.rate), $0.contacts) },
            axis: "conversion rate", tick: { String(format: "%.0f%%", $0 * 100) }, color: "#2e9d5b")
        html += "<table><tr><th>band</th><th>contacts</th><th>converted</th><th>rate</th></tr>\n"
        for band in audit.bands {
            html += "<tr><td>\(e(band.label))</td><td class=\"n\">\(band.contacts)</td>"
                + "<td class=\"n\">\(band.converted)</td><td class=\"n\">\(percent(band.rate))</td></tr>\n"
        }
        html += "</table>\n" + warningList(audit.warnings.filter { $0.figures == "stored" })
        html += rulesSection(audit)
        html += whatIfSection(audit)

        let h = audit.handoff
        html += """
            <h2>MQL→SAL handoff (SLA \(number(h.slaHours)) h)</h2>
            <p>\(h.count) handoffs measured · \(h.withinSLA) within the SLA · median \(h.medianHours.map(number) ?? "–") h ·
            90th percentile \(h.p90Hours.map(number) ?? "–") h · <span class="bad">\(h.breachCount) breaches</span> ·
            \(h.pendingOverSLACount) MQLs waiting longer than the SLA</p>
            <p>Acceptance times from: \(e(ScoringAuditHTML.sources(h.acceptedAtSources)))</p>

            """
        html += handoffTable("Breaches", h.breaches, accepted: true)
        html += handoffTable("Waiting longer than the SLA", h.pendingOverSLA, accepted: false)

        html += """
            <h2>Converters and their score before conversion</h2>
            <table><tr><th>email</th><th>company</th><th>title</th><th>industry</th><th>employees</th><th>CRM stage</th>
            <th>fit</th><th>engagement</th><th>total</th><th>grade</th><th>MQL rule</th></tr>

            """
        for c in audit.converters {
            html += "<tr><td>\(e(c.email))</td><td>\(e(c.company))</td><td>\(e(c.title))</td><td>\(e(c.industry))</td>"
                + "<td class=\"n\">\(c.employees.map(String.init) ?? "")</td><td>\(e(c.crmStage))</td>"
                + "<td class=\"n\">\(number(c.fit))</td><td class=\"n\">\(number(c.engagement))</td>"
                + "<td class=\"n\">\(number(c.total))</td><td>\(e(c.grade))</td>"
                + "<td>\(c.qualified ? "met" : "not met")\(c.scoreAtHandoff ? "" : " (current score)")</td></tr>\n"
        }
        html += "</table>\n</body></html>\n"
        return html
    }

    private static func handoffTable(_ title: String, _ records: [HandoffRecord], accepted: Bool) -> String {
        guard !records.isEmpty else { return "" }
        let e = HTMLEscape.text
        var html = "<h3>\(e(title))</h3>\n<table><tr><th>email</th><th>company</th><th>MQL at</th>"
            + (accepted ? "<th>accepted at</th><th>accepted time from</th>" : "") + "<th>hours</th></tr>\n"
        for record in records {
            html += "<tr><td>\(e(record.email))</td><td>\(e(record.company))</td>"
                + "<td>\(UTCTime.iso8601(record.mqlAt))</td>"
                + (accepted ? "<td>\(record.acceptedAt.map(UTCTime.iso8601) ?? "")</td>"
                    + "<td>\(e(sourcePhrase(record.acceptedAtSource)))</td>" : "")
                + "<td class=\"n bad\">\(number(record.hours))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// Where acceptance times came from, as `CRM stage date 3, record modified time 1`; "–" when none.
    public static func sources(_ counts: [String: Int]) -> String {
        let order = StageTimeSource.allCases.map(\.rawValue) + ["unknown"]
        let text = counts.sorted { (order.firstIndex(of: $0.key) ?? order.count, $0.key)
            < (order.firstIndex(of: $1.key) ?? order.count, $1.key) }
            .map { "\(sourcePhrase($0.key)) \($0.value)" }.joined(separator: ", ")
        return text.isEmpty ? "–" : text
    }

    /// A stage time source's phrase; for nil or `unknown`, a transition recorded before store migration v10.
    public static func sourcePhrase(_ raw: String?) -> String {
        raw.flatMap(StageTimeSource.init(rawValue:))?.phrase ?? "recorded before v10 (local write time)"
    }

    /// The review window paragraph; empty when the audit covers every scored contact.
    private static func window(_ audit: ScoringAudit) -> String {
        guard let window = audit.window else { return "" }
        return "<p class=\"window\">Review window <strong>\(HTMLEscape.text(window.description))</strong>: "
            + "\(audit.contacts) scored contacts whose first stage decision (or, for leads, creation) falls in it; "
            + "\(audit.outsideWindow) outside it and \(audit.undated) without a date left out. Outcomes are followed "
            + "to the as-of time.</p>\n"
    }

    /// A vertical bar chart as inline SVG: a y-axis titled `axis` with ticks at round values, each bar's value
    /// (`caption`, when given) and its sample size `n = …` above it, its label below. Labels are escaped.
    static func barChart(
        _ bars: [(label: String, value: Double, caption: String?, n: Int)], axis: String,
        tick: (Double) -> String, minimumStep: Double = 0, color: String
    ) -> String {
        guard !bars.isEmpty else { return "<p>No data.</p>\n" }
        let e = HTMLEscape.text
        let width = 56
        let height = 160
        let left = 64  // room for the tick labels and the axis title
        let top = 34  // room for the value and n above the tallest bar
        let (step, axisTop) = ticks(upTo: bars.map(\.value).max() ?? 0, minimumStep: minimumStep)
        func y(_ value: Double) -> Int { top + height - Int((value / axisTop * Double(height)).rounded()) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(left + bars.count * width + 10)\" "
            + "height=\"\(top + height + 40)\" role=\"img\" aria-label=\"\(e(axis)) by band\">\n"
            + "<g class=\"y-axis\"><line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + height)\" "
            + "stroke=\"#444\"/>\n"
            + "<text class=\"axis-title\" transform=\"translate(14 \(top + height / 2)) rotate(-90)\" "
            + "text-anchor=\"middle\">\(e(axis))</text>\n"
        var value = 0.0
        while value <= axisTop + step / 1_000 {
            let at = y(value)
            svg += "<line class=\"tick\" x1=\"\(left - 4)\" y1=\"\(at)\" x2=\"\(left)\" y2=\"\(at)\" stroke=\"#444\"/>"
                + "<line x1=\"\(left)\" y1=\"\(at)\" x2=\"\(left + bars.count * width)\" y2=\"\(at)\" "
                + "stroke=\"#eee\"/>"
                + "<text class=\"tick-label\" x=\"\(left - 7)\" y=\"\(at + 4)\" text-anchor=\"end\">"
                + "\(e(tick(value)))</text>\n"
            value += step
        }
        svg += "</g>\n<line x1=\"\(left)\" y1=\"\(top + height)\" x2=\"\(left + bars.count * width)\" "
            + "y2=\"\(top + height)\" stroke=\"#444\"/>\n"
        for (index, bar) in bars.enumerated() {
            let x = left + index * width
            let barTop = y(bar.value)
            let title = "\(bar.label): " + (bar.caption.map { "\($0), " } ?? "") + "n = \(bar.n)"
            svg += "<rect x=\"\(x + 4)\" y=\"\(barTop)\" width=\"\(width - 8)\" height=\"\(top + height - barTop)\" "
                + "fill=\"\(color)\"><title>\(e(title))</title></rect>\n"
            if let caption = bar.caption {
                svg += "<text x=\"\(x + width / 2)\" y=\"\(barTop - 16)\" text-anchor=\"middle\">\(e(caption))</text>\n"
            }
            svg += "<text class=\"n\" x=\"\(x + width / 2)\" y=\"\(barTop - 4)\" text-anchor=\"middle\" "
                + "fill=\"#555\">n = \(bar.n)</text>\n"
                + "<text x=\"\(x + width / 2)\" y=\"\(top + height + 16)\" text-anchor=\"middle\">"
                + "\(e(bar.label))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A round tick step (1, 2 or 5 times a power of ten, at least `minimumStep`) giving at most five intervals,
    /// and the axis top: the first tick at or above `maximum` (one step for an all-zero chart).
    static func ticks(upTo maximum: Double, minimumStep: Double = 0) -> (step: Double, top: Double) {
        guard maximum > 0 else { return (max(1, minimumStep), max(1, minimumStep)) }
        let rough = maximum / 5
        let power = pow(10, (log10(rough)).rounded(.down))
        let step = max(minimumStep, [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power)
        return (step, (maximum / step).rounded(.up) * step)
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.1f", value)
    }
}

/// A push plan as one self-contained HTML page: counts per target, then every write and conflict as a diff.
public enum PushPlanHTML {
    /// The page; `limit` caps the diff rows per target (the JSON plan has them all).
    public static func render(_ plan: PushPlan, limit: Int = 5_000) -> String {
        var html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>LeadBridge push plan</title>
            <style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}
            .write{background:#eef8ee}.conflict{background:#fdecea}.old{color:#a33;text-decoration:line-through}
            .new{color:#165c16;font-weight:600}.muted{color:#777}</style></head><body>
            <h1>Push plan</h1>
            <p class="muted">plan \(HTMLEscape.text(plan.id)) · hash \(HTMLEscape.text(plan.hash)) · made \
            \(HTMLEscape.text(plan.createdAt))\(plan.modelHash.map { " · model " + HTMLEscape.text($0) } ?? "")\
            \(plan.backfill ? " · backfill" : "")</p>
            <table><tr><th>target</th><th>records</th><th>read</th><th>records to write</th><th>writes</th>
            <th>no change</th><th>conflicts</th><th>skipped</th><th>overwrites values in</th></tr>
            """
        for target in plan.targets {
            html += "<tr><td>\(HTMLEscape.text(target.target))</td><td>\(target.liveRecords)</td><td>\(target.read)"
                + "</td><td>\(target.recordsToWrite)</td><td>\(target.writes)</td><td>\(target.noChange)</td><td>"
                + "\(target.conflicts)</td><td>\(target.skipped)</td><td>"
                + String(format: "%.1f%%", target.changedShare * 100) + "</td></tr>\n"
        }
        html += "</table>\n"
        for target in plan.targets {
            let rows = plan.records.filter { $0.target == target.target }
                .flatMap { record in
                    record.fields.filter { $0.action == .write || $0.action == .conflict }.map { (record, $0) }
                }
            html += "<h2>\(HTMLEscape.text(target.target))</h2>\n"
            guard !rows.isEmpty else {
                html += "<p>Nothing to write.</p>\n"
                continue
            }
            html += "<table><tr><th>person</th><th>record</th><th>field</th><th>base</th><th>change</th>"
                + "<th>action</th><th>why</th></tr>\n"
            for (record, field) in rows.prefix(limit) {
                let person = record.email ?? "#\(record.contactID)"
                let base = field.baseKnown ? (field.base ?? "∅") : "?"
                html += "<tr class=\"\(field.action == .write ? "write" : "conflict")\"><td>"
                    + HTMLEscape.text(person) + "</td><td>" + HTMLEscape.text("\(record.object) \(record.externalID)")
                    + "</td><td>" + HTMLEscape.text(field.field) + "</td><td>" + HTMLEscape.text(base)
                    + "</td><td><span class=\"old\">" + HTMLEscape.text(field.theirs ?? "∅")
                    + "</span> → <span class=\"new\">" + HTMLEscape.text(field.ours ?? "∅") + "</span></td><td>"
                    + (field.action == .write ? "write" : "conflict: left as is") + "</td><td>"
                    + HTMLEscape.text(field.reason ?? "") + "</td></tr>\n"
            }
            html += "</table>\n"
            if rows.count > limit {
                html += "<p class=\"muted\">\(rows.count - limit) more in the JSON plan.</p>\n"
            }
        }
        return html + "</body></html>\n"
    }
}

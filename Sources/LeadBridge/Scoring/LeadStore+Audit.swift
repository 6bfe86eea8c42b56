
extension LeadStore {
    /// Builds the scoring audit from the stored scores, the CRM stages and the recorded stage transitions.
    ///
    /// A contact converted when the highest stage it ever reached (its recorded transitions and its current CRM
    /// stage) is one of the model's `audit.converted_stages` or later: a deal lost after sql still converted.
    /// A converter's score is the one recorded when sales first took it (its transition to sal or later), so the
    /// audit judges the score sales saw, not one inflated by later activity; without a recorded transition the
    /// current score stands in (and says so).
    ///
    /// With a `window`, only the contacts whose review date falls in it are counted (see ``ReviewWindow``: the first
    /// recorded stage transition, else the creation time); what became of them is followed to now, whenever it
    /// happened. Contacts outside the window, and those with no date at all, are counted apart.
    ///
    /// Which rules predict conversion (``ScoringAudit/rules``) and the what-if (``ScoringAudit/whatIf``) come from
    /// the scoring engine, run in memory over the same contacts (see ``ModelEvaluation``): every contact as of the
    /// stored scores' time, a converter as of when sales first took it. A candidate model is compared on the same
    /// outcomes and bands as the current one (its own `audit.converted_stages`, `bands`, `handoff.sla_hours` and
    /// `audit.min_sample` are not used, and listed in ``ScoringWhatIf/ignored``). The store is only read.
    ///
    /// ```swift
    /// let candidate = try ScoringModel.load(path: "candidate.yml")
    /// let audit = try store.audit(model: current, asOf: now, window: q3, candidate: candidate)
    /// print(audit.whatIf!.candidate.separation.precision, audit.whatIf!.stageChanges)
    /// ```
    ///
    /// - Parameters:
    ///   - model: The model whose MQL rule and bands are audited.
    ///   - asOf: The audit time: MQLs waiting since before `asOf − SLA` are listed as pending breaches.
    ///   - slaHours: The MQL→SAL handoff SLA; defaults to the model's `handoff.sla_hours`.
    ///   - window: The review window; nil audits every scored contact.
    ///   - candidate: A model to evaluate next to `model`, and the file it came from, for `audit --model`.
    ///   - minSample: The fewest contacts a rate is judged on; defaults to the model's `audit.min_sample`.
    /// - Throws: ``StoreError`` when the database fails.
    public func audit(
        model: ScoringModel, asOf: Int64, slaHours: Double? = nil, window: ReviewWindow? = nil,
        candidate: (model: ScoringModel, file: String)? = nil, minSample: Int? = nil
    ) throws(StoreError) -> ScoringAudit {
        let sla = slaHours ?? model.slaHours
        return try read { db in
            let rows = ScoringRows(db)
            var audit = ScoringAudit(asOf: asOf, modelHash: model.hash, handoff: HandoffSummary(slaHours: sla))
            audit.convertedStages = model.convertedStages.map(\.rawValue)
            audit.window = window
            let bar = AuditOutcome.bar(model.convertedStages)
            // The score each contact had when sales first took it, and the highest sales stage it reached.
            var atHandoff: [Int64: (fit: Double, engagement: Double, total: Double)] = [:]
            var highest: [Int64: LifecycleStage] = [:]
            try rows.forEachSalesTransition { id, toStage, fit, engagement, total in
                if atHandoff[id] == nil { atHandoff[id] = (fit, engagement, total) }
                if let stage = LifecycleStage(rawValue: toStage), stage > (highest[id] ?? .lead) {
                    highest[id] = stage
                }
            }

            var bands = model.bands.labels.map { BandConversion(label: $0, contacts: 0, converted: 0) }
            var histogram: [Int: BandConversion] = [:]
            var converters: [AuditConverter] = []
            try rows.forEachScoredContact { row in
                let id = row.id
                if let window {
                    guard let reviewAt = row.reviewAt else {
                        audit.undated += 1
                        return
                    }
                    guard window.contains(reviewAt) else {
                        audit.outsideWindow += 1
                        return
                    }
                }
                let reached = AuditOutcome.reached(crmStage: row.lifecycleStage, highestTransition: highest[id])
                let converted = reached.map { $0 >= bar } ?? false
                let stage = reached
                var fit = row.fit
                var engagement = row.engagement
                var total = row.total
                var fromHandoff = false
                if converted, let before = atHandoff[id] {
                    (fit, engagement, total) = before
                    fromHandoff = true
                }
                let qualified = model.mql.qualifies(fit: fit, engagement: engagement, total: total)
                audit.contacts += 1
                let band = model.bands.index(of: total)
                bands[band].contacts += 1
                let bin = total < 0 ? -1 : Int(total / 10)
                histogram[bin, default: BandConversion(
                    label: bin < 0 ? "<0" : "\(bin * 10)–\(bin * 10 + 10)", contacts: 0, converted: 0)].contacts += 1
                switch (qualified, converted) {
                case (true, true): audit.separation.truePositives += 1
                case (true, false): audit.separation.falsePositives += 1
                case (false, true): audit.separation.falseNegatives += 1
                case (false, false): audit.separation.trueNegatives += 1
                }
                guard converted, let stage else { return }
                audit.convertedCount += 1
                bands[band].converted += 1
                histogram[bin]?.converted += 1
                converters.append(AuditConverter(
                    id: id, email: row.email, title: row.title, company: row.company, industry: row.industry,
                    employees: row.employees, crmStage: stage.rawValue, fit: fit, engagement: engagement, total: total,
                    grade: model.grades.grade(fit: fit).rawValue, qualified: qualified, scoreAtHandoff: fromHandoff))
                if converters.count > 4 * ScoringAudit.listLimit { Self.trim(&converters) }
            }
            Self.trim(&converters)
            audit.converters = converters
            audit.bands = bands
            if let low = histogram.keys.min(), let high = histogram.keys.max() {
                audit.histogram = (low...high).map {
                    histogram[$0] ?? BandConversion(
                        label: $0 < 0 ? "<0" : "\($0 * 10)–\($0 * 10 + 10)", contacts: 0, converted: 0)
                }
            }
            audit.handoff = try Self.handoff(rows, asOf: asOf, slaHours: sla, window: window)

            let evaluation = try AuditEvaluation(
                models: [model] + (candidate.map { [$0.model] } ?? []), bands: model.bands, bar: bar, window: window
            ).run(db)
            audit.evaluatedAt = evaluation.evaluatedAt
            audit.rules = evaluation.figures[0].rules
            if let candidate {
                var whatIf = ScoringWhatIf(
                    candidateFile: candidate.file, current: evaluation.figures[0], candidate: evaluation.figures[1])
                whatIf.stageChanges = evaluation.stageChanges
                whatIf.stageChangeCount = evaluation.stageChanges.reduce(0) { $0 + $1.count }
                whatIf.ignored = Self.ignoredSettings(of: candidate.model, comparedWith: model)
                audit.whatIf = whatIf
            }
            audit.minSample = minSample ?? model.minSample
            audit.warnings = Self.sampleWarnings(audit)
            return audit
        }
    }

    /// The candidate's settings that a comparison with `current` does not use, as `name: value (current: value)`.
    private static func ignoredSettings(of candidate: ScoringModel, comparedWith current: ScoringModel) -> [String] {
        func stages(_ model: ScoringModel) -> String {
            "[" + model.convertedStages.map(\.rawValue).joined(separator: ", ") + "]"
        }
        func bounds(_ model: ScoringModel) -> String {
            "[" + model.bands.bounds.map(ScoreBands.format).joined(separator: ", ") + "]"
        }
        var ignored: [String] = []
        if candidate.convertedStages != current.convertedStages {
            ignored.append("audit.converted_stages: \(stages(candidate)) (both are judged on \(stages(current)))")
        }
        if candidate.bands != current.bands {
            ignored.append("bands: \(bounds(candidate)) (both are shown in \(bounds(current)))")
        }
        if candidate.slaHours != current.slaHours {
            ignored.append("handoff.sla_hours: \(ScoreBands.format(candidate.slaHours)) "
                + "(the handoff is measured against \(ScoreBands.format(current.slaHours)))")
        }
        if candidate.minSample != current.minSample {
            ignored.append("audit.min_sample: \(candidate.minSample) (the audit uses \(current.minSample))")
        }
        return ignored
    }

    /// Bands and rules whose rates rest on fewer than the audit's minimum sample: the stored scores' bands, the
    /// current model's rules, and with a candidate both evaluations' bands and the candidate's rules.
    private static func sampleWarnings(_ audit: ScoringAudit) -> [SampleWarning] {
        let minimum = audit.minSample
        func bands(_ bands: [BandConversion], _ figures: String) -> [SampleWarning] {
            bands.filter { $0.contacts < minimum }.map { .band($0.label, contacts: $0.contacts, figures: figures) }
        }
        func rules(_ rules: [RuleConversion], _ figures: String) -> [SampleWarning] {
            rules.flatMap { rule in
                [(true, rule.fired), (false, rule.notFired)].filter { $0.1 < minimum }.map {
                    SampleWarning.rule(rule.id, fired: $0.0, contacts: $0.1, figures: figures)
                }
            }
        }
        var warnings = bands(audit.bands, "stored") + rules(audit.rules, "current")
        if let whatIf = audit.whatIf {
            warnings += bands(whatIf.current.bands, "current") + bands(whatIf.candidate.bands, "candidate")
                + rules(whatIf.candidate.rules, "candidate")
        }
        return warnings
    }

    private static func trim(_ converters: inout [AuditConverter]) {
        converters.sort { ($0.total, $1.id) > ($1.total, $0.id) }
        if converters.count > ScoringAudit.listLimit { converters.removeLast(converters.count - ScoringAudit.listLimit) }
    }

    /// MQL→SAL handoffs from the recorded transitions: the last MQL transition before the first sales one.
    private static func handoff(_ rows: ScoringRows, asOf: Int64, slaHours: Double, window: ReviewWindow?) throws
        -> HandoffSummary
    {
        var summary = HandoffSummary(slaHours: slaHours)
        var hours: [Double] = []
        var breaches: [HandoffRecord] = []
        var pending: [HandoffRecord] = []
        var current: Int64?
        var mqlAt: Int64?
        var mqlSource: String?
        var accepted = false
        var currentStage: String?
        func finishContact() {
            guard let id = current, !accepted, let mqlAt, currentStage == LifecycleStage.mql.rawValue else { return }
            let waited = Double(asOf - mqlAt) / 3_600
            if waited > slaHours {
                pending.append(HandoffRecord(
                    contactID: id, mqlAt: mqlAt, mqlAtSource: mqlSource, acceptedAt: nil, hours: waited))
            }
        }
        try rows.forEachHandoffTransition { id, stage, at, source, scoredStage, reviewAt in
            if let window, !window.contains(reviewAt) { return }
            if id != current {
                finishContact()
                current = id
                mqlAt = nil
                accepted = false
                currentStage = scoredStage
            }
            if stage == LifecycleStage.mql.rawValue {
                if !accepted { (mqlAt, mqlSource) = (at, source) }
            } else if !accepted {
                accepted = true
                guard let mqlAt else { return }
                let took = Double(at - mqlAt) / 3_600
                hours.append(took)
                summary.acceptedAtSources[source ?? "unknown", default: 0] += 1
                if took > slaHours {
                    breaches.append(HandoffRecord(
                        contactID: id, mqlAt: mqlAt, mqlAtSource: mqlSource, acceptedAt: at, acceptedAtSource: source,
                        hours: took))
                }
            }
        }
        finishContact()
        hours.sort()
        summary.count = hours.count
        summary.withinSLA = hours.filter { $0 <= slaHours }.count
        if !hours.isEmpty {
            summary.medianHours = hours[(hours.count - 1) / 2]
            summary.p90Hours = hours[min(hours.count - 1, Int((Double(hours.count) * 0.9).rounded(.up)) - 1)]
        }
        summary.breachCount = breaches.count
        summary.pendingOverSLACount = pending.count
        summary.breaches = try named(Array(breaches.sorted { $0.hours > $1.hours }.prefix(ScoringAudit.listLimit)), rows)
        summary.pendingOverSLA = try named(
            Array(pending.sorted { $0.hours > $1.hours }.prefix(ScoringAudit.listLimit)), rows)
        return summary
    }

    private static func named(_ records: [HandoffRecord], _ rows: ScoringRows) throws -> [HandoffRecord] {
        try records.map { record in
            var record = record
            if let contact = try rows.emailAndCompany(contactID: record.contactID) {
                record.email = contact.email
                record.company = contact.company
            }
            return record
        }
    }
}

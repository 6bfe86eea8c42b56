import Foundation

extension LeadStore {
    /// Explains one contact's score: every rule, its points, decay and caps, and the stage decision.
    ///
    /// Without `asOf` it explains the **stored** score: it evaluates the rules as of the stored score's as-of time
    /// and says whether that evaluation agrees with the stored row (it does unless the data or the model changed
    /// since). With `asOf` it recomputes the score for that time.
    ///
    /// - Parameters:
    ///   - contact: An email (any case) or a contact id.
    ///   - model: The scoring model.
    ///   - asOf: "Now" for decay and recency, seconds since 1970 (UTC); nil to explain the stored score.
    ///   - now: The time used when `asOf` is nil and the contact was never scored.
    /// - Returns: nil when no contact has that email or id.
    /// - Throws: ``StoreError`` when the database fails; ``ScoringModelError`` for a model built in code with an
    ///   invalid pattern.
    public func explain(contact: String, model: ScoringModel, asOf: Int64?, now: Int64 = 0) throws
        -> ScoreExplanation?
    {
        let engine = try ScoreEngine(model: model)
        let key = contact.trimmingCharacters(in: .whitespaces)
        return try readScoringRows { rows -> ScoreExplanation? in
            guard let (id, texts, extra) = try rows.contactFields(key: key) else { return nil }
            let fields = CanonicalField.allCases
            func text(_ field: CanonicalField) -> String? { texts[fields.firstIndex(of: field)!] }
            func fitText(_ field: FitField) -> String? {
                switch field {
                case .canonical(let canonical): text(canonical)
                case .extra(let name): extra[name]
                }
            }
            let stored = try rows.storedScore(contactID: id)
            let basis: ScoreExplanation.Basis = asOf == nil && stored != nil ? .storedScore : .recomputed
            var explanation = try Self.explanation(
                engine: engine, contactID: id, text: text, fitText: fitText, asOf: asOf ?? stored?.computedAt ?? now, stored: stored,
                rows: rows)
            explanation.basis = basis
            explanation.transitions = try rows.stageTransitions(contactID: id)
            return explanation
        }
    }

    private static func explanation(
        engine: ScoreEngine, contactID: Int64, text: (CanonicalField) -> String?, fitText: (FitField) -> String?,
        asOf: Int64, stored: StoredScore?,
        rows: ScoringRows
    ) throws -> ScoreExplanation {
        let model = engine.model
        // Fit: the same evaluation as the scoring pass, over one contact's fields.
        let texts = engine.fields.map(fitText)
        let numbers = engine.fields.map { field -> Double? in
            if case .canonical = field, !field.isNumeric { return nil }
            return fitText(field).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
        var fit = 0.0
        var fitRules: [FitRuleOutcome] = []
        for (index, rule) in model.fit.enumerated() {
            let fired = engine.fitFires(index, texts, numbers, base: 0)
            if fired { fit += rule.points }
            fitRules.append(FitRuleOutcome(
                id: rule.id, rule: rule.summary, value: fitText(rule.field), fired: fired, points: rule.points))
        }
        fit = ScoreEngine.round2(fit)

        // Engagement: activities in the order the scoring pass sums them (the covering index's order).
        let rules = model.engagement.rules
        var sums = [Double](repeating: 0, count: rules.count)
        var matched = [Int](repeating: 0, count: rules.count)
        var contributions = [[ActivityContribution]](repeating: [], count: rules.count)
        // Copies of an event from other systems are left out as the scoring pass leaves them out; each counted
        // activity lists every system that holds a record of it (its own first).
        var window = engine.model.engagement.sameEventWithinSeconds.map { SameEventWindow(tolerance: $0) }
        var systemCodes: [String: Int] = [:]
        var systemsByEvent: [[String]] = []
        var eventOfContribution = [[Int]](repeating: [], count: rules.count)
        var copies = 0
        if !engine.activityTypes.isEmpty {
            try rows.forEachActivity(contactID: contactID, types: engine.activityTypes, asOf: asOf) {
                type, occurredAt, url, campaign, asset, system in
                guard let code = engine.activityTypes.firstIndex(of: type) else { return }
                let age = asOf - occurredAt
                // As the scoring pass: a record no rule counts takes no part in de-duplication.
                let applying = engine.rulesByType[code].filter {
                    engine.ruleApplies($0, age: age, url: url, campaign: campaign, asset: asset)
                }
                guard !applying.isEmpty else { return }
                let event: Int
                if window != nil {
                    let systemCode = systemCodes[system] ?? systemCodes.count
                    systemCodes[system] = systemCode
                    func observe(_ detail: UnsafeRawBufferPointer?) -> SameEventWindow.Outcome {
                        window!.observe(
                            contactID: contactID, type: code, occurredAt: occurredAt, system: systemCode,
                            detail: detail)
                    }
                    let outcome: SameEventWindow.Outcome
                    if var detail = SameEventWindow.identifyingDetail(url: url, campaign: campaign, asset: asset) {
                        outcome = detail.withUTF8 { observe(UnsafeRawBufferPointer($0)) }
                    } else {
                        outcome = observe(nil)
                    }
                    switch outcome {
                    case .copy(let original):
                        systemsByEvent[original].append(system)
                        copies += 1
                        return
                    case .counted(let number):
                        event = number
                    }
                } else {
                    event = systemsByEvent.count
                }
                systemsByEvent.append([system])
                let factor = engine.decay(age: age)
                for rule in applying {
                    sums[rule] += rules[rule].points * factor
                    matched[rule] += 1
                    contributions[rule].append(ActivityContribution(
                        occurredAt: occurredAt, url: url, campaign: campaign, asset: asset,
                        ageDays: Double(age) / 86_400, decayFactor: factor, points: rules[rule].points * factor))
                    eventOfContribution[rule].append(event)
                }
            }
        }
        for rule in contributions.indices {
            for (index, event) in eventOfContribution[rule].enumerated() {
                contributions[rule][index].systems = systemsByEvent[event]
            }
        }
        var engagementRules: [EngagementRuleOutcome] = []
        var ruleTotal = 0.0
        for (index, rule) in rules.enumerated() where matched[index] > 0 {
            let points = ScoreEngine.round2(engine.capped(sums[index], rule: index))
            ruleTotal += points
            let recent = contributions[index].sorted { $0.occurredAt > $1.occurredAt }
            engagementRules.append(EngagementRuleOutcome(
                id: rule.id, rule: rule.summary, pointsEach: rule.points, cap: rule.cap, matched: matched[index],
                rawPoints: Double(matched[index]) * rule.points, decayedPoints: sums[index], points: points,
                capApplied: ScoreEngine.round2(sums[index]) != points,
                activities: Array(recent.prefix(ScoreExplanation.activityLimit))))
        }
        let engagement = ScoreEngine.round2(engine.engagement(fromRulePoints: ruleTotal))
        let total = ScoreEngine.round2(fit + engagement)
        let qualifies = model.mql.qualifies(fit: fit, engagement: engagement, total: total)

        let crmText = text(.lifecycleStage)
        let previous = stored.flatMap { LifecycleStage(rawValue: $0.stage) }
        var decision = StagePolicy.decide(
            crmStage: crmText.flatMap(LifecycleStage.init(rawValue:)), previous: previous, qualifies: qualifies)
        // As the scoring pass: a CRM stage reached after `asOf` is not the contact's stage yet.
        if decision.reason.isFromCRM, decision.stage != (previous ?? .lead),
            let known = try rows.stageTime(contactID: contactID, stage: decision.stage), known.at > asOf
        {
            decision = StagePolicy.decide(crmStage: nil, previous: previous, qualifies: qualifies)
        }
        let name = [text(.firstName), text(.lastName)].compactMap { $0 }.joined(separator: " ")
        return ScoreExplanation(
            contactID: contactID, email: text(.email), name: name.isEmpty ? nil : name, title: text(.title),
            company: text(.company), crmStage: crmText, asOf: asOf, modelHash: engine.modelHash,
            fitRules: fitRules, engagementRules: engagementRules, halfLifeDays: model.engagement.halfLifeDays,
            engagementCap: model.engagement.cap, engagementBeforeCap: ScoreEngine.round2(ruleTotal),
            totalCapApplied: model.engagement.cap.map { ruleTotal > $0 } ?? false, floorApplied: ruleTotal < 0,
            fit: fit, engagement: engagement, total: total, grade: model.grades.grade(fit: fit), grades: model.grades,
            mql: model.mql, qualifies: qualifies, previousStage: stored?.stage, stage: decision, stored: stored,
            transitions: [], basis: .recomputed,
            agreesWithStored: stored.map {
                $0.fit == fit && $0.engagement == engagement && $0.total == total
                    && $0.stage == decision.stage.rawValue && $0.modelHash == engine.modelHash && $0.computedAt == asOf
            },
            sameEventWithinMinutes: model.engagement.sameEventWithinMinutes, sameEventCopies: copies)
    }
}

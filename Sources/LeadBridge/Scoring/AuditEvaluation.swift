import GRDB

/// Evaluates scoring models in memory with the scoring engine on the audit's contacts, keeping only counters: the
/// rule table of every audit and the two columns of `audit --model`. Nothing is written.
///
/// Contacts go through ``ScoringBatchReader`` batch by batch, as a scoring pass reads them, as of the stored scores'
/// time (the latest `computed_at`: a score a later pass left unchanged is the same at that time). A score the
/// reader finds equal to the stored one is not handed back, so the stored one stands in for it. A converter with a
/// recorded transition to a sales stage is read again, alone, as of that transition's time: the score the model
/// would have given it when sales took it. Stages are those decided as of the stored scores' time.
struct AuditEvaluation {
    let models: [ScoringModel]
    let bands: ScoreBands
    /// The lowest converted stage (``AuditOutcome/bar(_:)``).
    let bar: LifecycleStage
    let window: ReviewWindow?
    var batchSize = 10_000

    struct Result {
        /// The stored scores' time; nil when nothing is scored.
        var evaluatedAt: Int64?
        /// One per model, in order.
        var figures: [ModelEvaluation]
        /// The first model's stage against the second's, per contact whose stages differ.
        var stageChanges: [StageChange]
    }

    /// One model's evaluation of one contact.
    fileprivate struct Evaluated {
        var fit: Double
        var engagement: Double
        var total: Double
        var stage: LifecycleStage
    }

    /// A model compiled once, with its reader as of the stored scores' time and its flags for the rules that fired.
    fileprivate struct Evaluator {
        let model: ScoringModel
        let engine: ScoreEngine
        let rules: ExplanationRules
        var reader: ScoringBatchReader
        var fitFired: [Bool]
        var ruleFired: [Bool]
        var figures: ModelEvaluation
    }

    func run(_ db: Database) throws -> Result {
        let rows = ScoringRows(db)
        let engines = try models.map { try ScoreEngine(model: $0) }
        let empty = zip(models, engines).map { model, engine in
            var figures = ModelEvaluation(modelHash: engine.modelHash)
            figures.bands = bands.labels.map { BandConversion(label: $0, contacts: 0, converted: 0) }
            figures.rules = model.fit.map { RuleConversion(kind: .fit, id: $0.id, rule: $0.summary, points: $0.points) }
                + model.engagement.rules.map {
                    RuleConversion(kind: .engagement, id: $0.id, rule: $0.summary, points: $0.points)
                }
            return figures
        }
        guard let asOf = try rows.latestScoreTime() else {
            return Result(evaluatedAt: nil, figures: empty, stageChanges: [])
        }
        var evaluators = zip(engines, empty).map { engine, figures in
            Evaluator(
                model: engine.model, engine: engine, rules: ExplanationRules(engine: engine),
                reader: ScoringBatchReader(engine: engine, asOf: asOf),
                fitFired: Array(repeating: false, count: engine.model.fit.count),
                ruleFired: Array(repeating: false, count: engine.model.engagement.rules.count), figures: figures)
        }
        var changes: [[LifecycleStage]: Int] = [:]
        var ranges = ScoringBatchRanges(batchSize: batchSize)
        while let range = try ranges.next(db, count: 1).first {
            // The scored contacts of the range that are in the window, and what became of them.
            var contacts: [ScoringRows.AuditedContact] = []
            try rows.forEachAuditedContact(first: range.first, last: range.last) { contact in
                if let window {
                    guard let reviewAt = contact.reviewAt, window.contains(reviewAt) else { return }
                }
                contacts.append(contact)
            }
            guard !contacts.isEmpty else { continue }
            var highest: [Int64: LifecycleStage] = [:]
            var handoffAt: [Int64: Int64] = [:]
            try rows.forEachSalesTransition(first: range.first, last: range.last) { id, toStage, at in
                if handoffAt[id] == nil { handoffAt[id] = at }
                if let stage = LifecycleStage(rawValue: toStage), stage > (highest[id] ?? .lead) { highest[id] = stage }
            }
            let converted = contacts.map { contact in
                AuditOutcome.reached(crmStage: contact.crmStage, highestTransition: highest[contact.id])
                    .map { $0 >= bar } ?? false
            }

            var stagesByModel: [[LifecycleStage]] = []
            for index in evaluators.indices {
                let batch = try evaluators[index].reader.read(db, first: range.first, last: range.last)
                var stages: [LifecycleStage] = []
                stages.reserveCapacity(contacts.count)
                try Self.forEach(contacts, in: batch) { position, contact, evaluated, explanation in
                    stages.append(evaluated.stage)
                    if converted[position], let at = handoffAt[contact.id] {
                        // The score the model gives the converter as of the time sales first took it.
                        var reader = ScoringBatchReader(engine: evaluators[index].engine, asOf: at)
                        let alone = try reader.read(db, first: contact.id, last: contact.id)
                        try Self.forEach([contact], in: alone) { _, _, atHandoff, explanationAtHandoff in
                            evaluators[index].count(
                                atHandoff, converted: true, explanation: explanationAtHandoff, bands: bands)
                        }
                    } else {
                        evaluators[index].count(
                            evaluated, converted: converted[position], explanation: explanation, bands: bands)
                    }
                }
                for stage in stages { evaluators[index].figures.stages[stage.rawValue, default: 0] += 1 }
                stagesByModel.append(stages)
            }
            if stagesByModel.count == 2 {
                for (from, to) in zip(stagesByModel[0], stagesByModel[1]) where from != to {
                    changes[[from, to], default: 0] += 1
                }
            }
        }
        let stageChanges = changes.map { StageChange(from: $0[0].rawValue, to: $0[1].rawValue, count: $1) }
            .sorted { ($1.count, $0.from, $0.to) < ($0.count, $1.from, $1.to) }
        return Result(evaluatedAt: asOf, figures: evaluators.map(\.figures), stageChanges: stageChanges)
    }

    /// Calls `body` for each contact, in order, with the reader's evaluation of it: the batch's score when the
    /// batch carries one, else the stored score (the reader leaves out a score equal to the stored one), and the
    /// explanation's bytes.
    private static func forEach(
        _ contacts: [ScoringRows.AuditedContact], in batch: ScoredBatch?,
        _ body: (Int, ScoringRows.AuditedContact, Evaluated, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let scores = batch?.scores ?? []
        var next = 0
        var start = 0
        for (position, contact) in contacts.enumerated() {
            while next < scores.count, scores[next].contactID < contact.id {
                start = scores[next].explanationEnd
                next += 1
            }
            if next < scores.count, scores[next].contactID == contact.id {
                let score = scores[next]
                let evaluated = Evaluated(
                    fit: score.fit, engagement: score.engagement, total: score.total, stage: score.stage)
                try batch!.explanations.withUnsafeBytes { bytes in
                    let explanation = UnsafeRawBufferPointer(rebasing: bytes[start..<score.explanationEnd])
                    try body(position, contact, evaluated, explanation)
                }
            } else {
                let evaluated = Evaluated(
                    fit: contact.fit, engagement: contact.engagement, total: contact.total,
                    stage: LifecycleStage(rawValue: contact.stage) ?? .lead)
                var explanation = contact.explanation
                try explanation.withUTF8 { try body(position, contact, evaluated, UnsafeRawBufferPointer($0)) }
            }
        }
    }
}

extension AuditEvaluation.Evaluator {
    /// Adds one judged contact to the model's figures.
    fileprivate mutating func count(
        _ evaluated: AuditEvaluation.Evaluated, converted: Bool, explanation: UnsafeRawBufferPointer, bands: ScoreBands
    ) {
        let qualified = model.mql.qualifies(
            fit: evaluated.fit, engagement: evaluated.engagement, total: evaluated.total)
        switch (qualified, converted) {
        case (true, true): figures.separation.truePositives += 1
        case (true, false): figures.separation.falsePositives += 1
        case (false, true): figures.separation.falseNegatives += 1
        case (false, false): figures.separation.trueNegatives += 1
        }
        let band = bands.index(of: evaluated.total)
        figures.bands[band].contacts += 1
        if converted { figures.bands[band].converted += 1 }
        rules.read(explanation, fit: &fitFired, engagement: &ruleFired)
        for index in figures.rules.indices {
            let fired = index < fitFired.count ? fitFired[index] : ruleFired[index - fitFired.count]
            switch (fired, converted) {
            case (true, true): figures.rules[index].firedConverted += 1
            case (true, false): figures.rules[index].firedNotConverted += 1
            case (false, true): figures.rules[index].otherConverted += 1
            case (false, false): figures.rules[index].otherNotConverted += 1
            }
        }
    }
}

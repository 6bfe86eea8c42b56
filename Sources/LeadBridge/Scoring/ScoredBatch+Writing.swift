import GRDB

extension ScoredBatch {
    /// Upserts the changed scores and their history rows and inserts the stage transitions, in contact order.
    ///
    /// - Parameters:
    ///   - asOf: The scoring time, stored as `computed_at` and as the history rows' `as_of`.
    ///   - decidedAt: When the pass ran, stored as `decided_at` (nil: unknown).
    ///   - modelHash: The model's hash, stored with every score, history row and transition.
    ///   - behindHistory: Whether `asOf` is before the latest as-of time in the history (a backfill).
    func write(_ db: Database, asOf: Int64, decidedAt: Int64?, modelHash: String, behindHistory: Bool = false) throws {
        let hash = Array(modelHash.utf8)
        let copiesHistory = historyIsScores
        if !copiesHistory { try writeHistoryRows(db, asOf: asOf, decidedAt: decidedAt, hash: hash) }
        if !scores.isEmpty {
            let upsert = try ScoringStatements.upsertScore(db)
            let grades = Grade.allCases.map { Array($0.rawValue.utf8) }
            let stages = LifecycleStage.allCases.map { Array($0.rawValue.utf8) }
            try explanations.withUnsafeBytes { explanations in
                var start = 0
                for score in scores {
                    upsert.reset(binding: score.contactID)
                    upsert.bind(score.fit, at: 2)
                    upsert.bind(score.engagement, at: 3)
                    upsert.bind(score.total, at: 4)
                    upsert.bind(text: grades[Grade.allCases.firstIndex(of: score.grade)!], at: 5)
                    upsert.bind(text: stages[LifecycleStage.allCases.firstIndex(of: score.stage)!], at: 6)
                    upsert.bind(text: hash, at: 7)
                    upsert.bind(asOf, at: 8)
                    upsert.bind(
                        text: UnsafeRawBufferPointer(rebasing: explanations[start..<score.explanationEnd]), at: 9)
                    upsert.bind(decidedAt, at: 10)
                    try upsert.execute()
                    start = score.explanationEnd
                }
            }
        }
        if copiesHistory, let first = scores.first?.contactID, let last = scores.last?.contactID {
            // The scores just written are the history rows: the batch's contacts, and no other, have scores in
            // first...last (a score belongs to an existing contact).
            let copied = try ScoringStatements.copyHistoryFromScores(db, first: first, last: last)
            guard copied == history.count else {
                throw StoreError(
                    .write, "the score history of contacts \(first)–\(last) would get \(copied) rows instead of "
                        + "\(history.count) (scores of contacts that no longer exist?); nothing of this batch was "
                        + "written. Run `leadbridge score` again; if it recurs, please report it.")
            }
        }
        if !history.isEmpty || (behindHistory && !scores.isEmpty) {
            try ScoringStatements.noteHistoryWritten(
                db, asOf: history.isEmpty ? nil : asOf, scoresBehind: behindHistory && !scores.isEmpty)
        }
        guard !transitions.isEmpty else { return }
        let insert = try ScoringStatements.insertTransition(db)
        for transition in transitions {
            insert.reset(binding: transition.contactID)
            insert.bind(text: transition.from.map { Array($0.rawValue.utf8) }, at: 2)
            insert.bind(text: Array(transition.to.rawValue.utf8), at: 3)
            insert.bind(transition.at, at: 4)
            insert.bind(text: Array(transition.reason.rawValue.utf8), at: 5)
            insert.bind(transition.fit, at: 6)
            insert.bind(transition.engagement, at: 7)
            insert.bind(transition.total, at: 8)
            insert.bind(text: hash, at: 9)
            insert.bind(text: Array(transition.atSource.rawValue.utf8), at: 10)
            try insert.execute()
        }
    }

    private func writeHistoryRows(_ db: Database, asOf: Int64, decidedAt: Int64?, hash: [UInt8]) throws {
        if !history.isEmpty {
            let upsert = try ScoringStatements.upsertHistory(db)
            let grades = Grade.allCases.map { Array($0.rawValue.utf8) }
            let stages = LifecycleStage.allCases.map { Array($0.rawValue.utf8) }
            // The pass's values are bound once (a reset keeps bindings); each row's text reuses the statement's
            // memory instead of a copy per value.
            upsert.bind(asOf, at: 2)
            upsert.bind(text: hash, at: 3)
            upsert.bind(decidedAt, at: 9)
            for row in history {
                upsert.reset()
                upsert.bind(row.contactID, at: 1)
                upsert.bind(row.fit, at: 4)
                upsert.bind(row.engagement, at: 5)
                upsert.bind(row.total, at: 6)
                upsert.bindRowText(bytes: grades[Grade.allCases.firstIndex(of: row.grade)!], at: 7)
                upsert.bindRowText(bytes: stages[LifecycleStage.allCases.firstIndex(of: row.stage)!], at: 8)
                try upsert.execute()
            }
        }
    }
}

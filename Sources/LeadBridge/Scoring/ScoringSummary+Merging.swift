extension ScoringSummary {
    /// Adds a later batch's counts and samples (samples stay in id order and within ``sampleLimit``).
    mutating func add(_ batch: ScoringSummary) {
        contacts += batch.contacts
        activities += batch.activities
        sameEventCopies += batch.sameEventCopies
        changed += batch.changed
        historyRows += batch.historyRows
        firstScored += batch.firstScored
        previousModelDiffered += batch.previousModelDiffered
        transitions += batch.transitions
        for (grade, count) in batch.byGrade { byGrade[grade, default: 0] += count }
        for (stage, count) in batch.byStage { byStage[stage, default: 0] += count }
        qualifying += batch.qualifying
        mqlCount += batch.mqlCount
        newMQLs += batch.newMQLs
        lostMQLs += batch.lostMQLs
        handedOff += batch.handedOff
        newMQLSample += batch.newMQLSample.prefix(Self.sampleLimit - newMQLSample.count)
        lostMQLSample += batch.lostMQLSample.prefix(Self.sampleLimit - lostMQLSample.count)
    }
}

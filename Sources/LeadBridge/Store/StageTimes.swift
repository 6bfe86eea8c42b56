import GRDB

/// When a contact reached its current CRM stage, from what the store holds: the CRM's stage date where the mapping
/// reads one (``StageDates``), else the remote modified time of the first record version that carried the stage
/// (the rank the merge keeps for `lifecycle_stage`); nil when neither is known.
///
/// Read for the few contacts whose CRM stage makes a stage transition, on the scoring pass's read connection.
struct StageTimes {
    private let statement: RawStatement

    init(_ db: Database) throws {
        statement = try ScoringStatements.stageEvidence(db)
    }

    func time(contactID: Int64, stage: LifecycleStage) throws -> (at: Int64, source: StageTimeSource)? {
        statement.reset(binding: contactID)
        guard try statement.step() else { return nil }
        if let extra = statement.string(0), let object = JSONText.decodeObject(extra),
            let text = object[StageDates.key(stage)], let at = UTCTime.parse(text)
        {
            return (at, .crmStageDate)
        }
        let ranks = FieldRanksText.decode(statement.string(1) ?? "", count: CanonicalField.allCases.count)
        let rank = ranks.ranks[CanonicalField.lifecycleStage.ordinal]
        guard rank.precedence > 0, rank.changedAt != .min else { return nil }
        return (rank.changedAt, .recordModified)
    }
}

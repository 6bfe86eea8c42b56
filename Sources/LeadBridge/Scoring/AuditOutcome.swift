/// What became of an audited contact: the highest funnel stage it reached, and whether that counts as converted.
enum AuditOutcome {
    /// The highest funnel stage among the contact's current CRM stage and the highest sales stage it reached in
    /// its recorded transitions (`disqualified` and `recycled` are off the funnel); nil when neither is known.
    static func reached(crmStage: String?, highestTransition: LifecycleStage?) -> LifecycleStage? {
        let current = crmStage.flatMap(LifecycleStage.init(rawValue:))
        return [current, highestTransition].compactMap { $0 }.filter { $0.funnelRank != nil }.max()
    }

    /// The lowest of the converted stages: reaching any later one passes through it.
    static func bar(_ convertedStages: [LifecycleStage]) -> LifecycleStage {
        convertedStages.min() ?? .sql
    }
}

/// One model's audit figures on the review window's contacts, evaluated in memory by the scoring engine.
///
/// Every contact is judged by the score the model gives it as of the stored scores' time, a converter by the score
/// it gives it as of the time sales first took it (its first recorded transition to sal or later), so that neither
/// model is judged on activity after the handoff. Stages are the stages the model would decide as of the stored
/// scores' time. Made by ``LeadStore/audit(model:asOf:slaHours:window:candidate:minSample:)``; nothing is written.
public struct ModelEvaluation: Sendable, Equatable, Codable {
    public var modelHash: String
    /// Contacts that met the MQL rule (true and false positives), converted or not.
    public var separation = MQLSeparation()
    /// Conversion by the audit's total-score bands.
    public var bands: [BandConversion] = []
    /// Every fit rule, then every engagement rule, in file order.
    public var rules: [RuleConversion] = []
    /// The stages the model decides, by stage (`lead`, `mql`, and the stages sales set).
    public var stages: [String: Int] = [:]

    public init(modelHash: String) {
        self.modelHash = modelHash
    }
}

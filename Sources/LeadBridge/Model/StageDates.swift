/// The mapping convention for a CRM's own stage dates: a custom field `extra.stage_date.<stage>` (a date) holds
/// when the CRM says the contact reached `<stage>`, e.g.
/// `extra.stage_date.sql: properties.hs_lifecyclestage_salesqualifiedlead_date` for HubSpot, or
/// `extra.stage_date.customer: ConvertedDate` for a Salesforce Lead.
public enum StageDates {
    /// The custom field name's prefix, before the stage.
    public static let prefix = "stage_date."

    /// The custom field that holds the CRM's date for `stage`.
    public static func key(_ stage: LifecycleStage) -> String { prefix + stage.rawValue }
}

import Foundation

/// HubSpot's calculated "Became a … date" contact properties (`hs_lifecyclestage_<stage>_date`): HubSpot sets the
/// one of a stage when a contact enters it, whoever set the stage; they are read-only.
enum HubSpotStageDates {
    static func property(_ stage: String) -> String { "hs_lifecyclestage_\(stage)_date" }

    static var definitions: [HubSpotPropertyDefinition] {
        HubSpotContactView.stageOrder.map { stage in
            HubSpotPropertyDefinition(name: property(stage), label: "Became a \(label(stage)) Date", type: "datetime",
                                      fieldType: "date", groupName: "contactinformation", readOnlyValue: true)
        }
    }

    /// The date properties a change sets: the entered stage's, stamped with the time of the write.
    static func derived(from fields: [String: JSONValue], at stamp: Date) -> [String: JSONValue] {
        guard let stage = fields["lifecyclestage"]?.stringValue, HubSpotContactView.stageOrder.contains(stage) else {
            return [:]
        }
        return [property(stage): .string(SandboxTimestamp.hubSpot(stamp))]
    }

    /// The generated contact's dates: the first stage when it was created, its current stage when its record was
    /// last modified (the version that showed it).
    static func seed(stage: String, created: Date, modified: Date) -> [String: String?] {
        var dates: [String: String?] = [property(stage): SandboxTimestamp.hubSpot(modified)]
        if stage != "subscriber", stage != "lead" { dates[property("lead")] = SandboxTimestamp.hubSpot(created) }
        if stage == "lead" || stage == "subscriber" { dates[property(stage)] = SandboxTimestamp.hubSpot(created) }
        return dates
    }

    private static func label(_ stage: String) -> String {
        switch stage {
        case "marketingqualifiedlead": "Marketing Qualified Lead"
        case "salesqualifiedlead": "Sales Qualified Lead"
        default: stage.prefix(1).uppercased() + stage.dropFirst()
        }
    }
}

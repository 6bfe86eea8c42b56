import LeadBridge

extension PushFieldRule.Source {
    /// The HubSpot contact property to create for this value when the push field cannot be written.
    var hubSpotCustomProperty: String {
        switch self {
        case .leadScore: "a custom number property such as `leadbridge_score`"
        case .fitScore: "a custom number property such as `leadbridge_fit_score`"
        case .engagementScore: "a custom number property such as `leadbridge_engagement_score`"
        case .leadGrade: "a custom single-line text property such as `leadbridge_grade`"
        case .lifecycleStage: "a custom dropdown select property such as `leadbridge_stage`"
        }
    }

    /// The Salesforce custom field to create for this value when the push field cannot be written.
    var salesforceCustomField: String {
        switch self {
        case .leadScore: "a custom Number field such as `Lead_Score__c`"
        case .fitScore: "a custom Number field such as `Fit_Score__c`"
        case .engagementScore: "a custom Number field such as `Engagement_Score__c`"
        case .leadGrade: "a custom Text field such as `Lead_Grade__c`"
        case .lifecycleStage: "a custom Picklist field such as `Lifecycle_Stage__c`"
        }
    }
}

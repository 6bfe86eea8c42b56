/// A record collection the sandbox can mutate, one per (vendor, object).
enum SandboxObject: String, Sendable, CaseIterable, Codable {
    case hubSpotContact = "hubspot.contacts"
    /// HubSpot emails, meetings and notes, by engagement id − 1 (seed engagements: the sample activity's id).
    case hubSpotEngagement = "hubspot.engagements"
    /// HubSpot web analytics events created through the control API, by index past the seed events.
    case hubSpotWebEvent = "hubspot.events"
    case salesforceLead = "salesforce.Lead"
    case salesforceContact = "salesforce.Contact"
    case marketoLead = "marketo.leads"
    case pardotProspect = "pardot.prospect"
}

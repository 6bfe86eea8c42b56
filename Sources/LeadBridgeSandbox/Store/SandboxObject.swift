/// A record collection the sandbox can mutate, one per (vendor, object).
enum SandboxObject: String, Sendable, CaseIterable, Codable {
    case hubSpotContact = "hubspot.contacts"
    case salesforceLead = "salesforce.Lead"
    case salesforceContact = "salesforce.Contact"
    case marketoLead = "marketo.leads"
    case pardotProspect = "pardot.prospect"
}

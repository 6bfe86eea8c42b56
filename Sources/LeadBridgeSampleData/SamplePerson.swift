import Foundation

/// A generated B2B contact. `email` is the clean address; the `emailAsTyped` variant adds the case and white-space
/// noise that real systems carry, so identity matching has real work to do.
public struct SamplePerson: Sendable, Equatable {
    public var index: Int
    public var firstName: String
    public var lastName: String
    public var email: String
    public var emailAsTyped: String
    public var title: String
    public var company: String
    public var domain: String
    /// A human industry label as marketing systems store it ("Information Technology", "Banking").
    public var industry: String
    public var employees: Int
    public var country: String
    public var city: String
    public var phone: String
    public var leadSource: String
    public var createdAt: Date
    public var updatedAt: Date
    /// The stage sales has set in the CRM, for the share of people that sales has worked.
    public var crmStage: SampleStage
    /// Whether this person exists in the CRM as well as in marketing automation.
    public var inCRM: Bool
}

/// Lifecycle stages as a CRM stores them.
public enum SampleStage: String, Sendable, CaseIterable {
    case lead, mql, sal, sql, opportunity, customer, disqualified, recycled
}

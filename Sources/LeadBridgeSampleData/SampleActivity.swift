import Foundation

/// A generated marketing activity of one person.
public struct SampleActivity: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case pageView = "page_view"
        case formFill = "form_fill"
        case emailOpen = "email_open"
        case emailClick = "email_click"
        case webinarRegistered = "webinar_registered"
        case webinarAttended = "webinar_attended"
        case demoRequest = "demo_request"
        case unsubscribe
    }

    /// Unique across the whole data set: person index × 1,000 + the activity's position.
    public var id: Int
    public var personIndex: Int
    public var kind: Kind
    public var occurredAt: Date
    /// The page for page views and form fills, the link for email clicks.
    public var url: String?
    public var campaign: String?
    public var asset: String?
}

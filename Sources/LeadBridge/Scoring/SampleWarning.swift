/// A conversion rate the audit shows that rests on fewer contacts than `audit.min_sample`: too few to judge.
public struct SampleWarning: Sendable, Equatable, Codable {
    /// Whose figure: `stored` (the bands of the stored scores), `current` or `candidate` (the engine's evaluation).
    public var figures: String
    /// What it concerns: `band 80–100`, `rule demo-request`.
    public var subject: String
    /// The sample size.
    public var contacts: Int
    /// `band 80–100: too few contacts to judge (n = 12)`.
    public var message: String

    public init(figures: String, subject: String, contacts: Int, message: String) {
        self.figures = figures
        self.subject = subject
        self.contacts = contacts
        self.message = message
    }

    /// A band with fewer contacts than the minimum.
    static func band(_ label: String, contacts: Int, figures: String) -> SampleWarning {
        SampleWarning(
            figures: figures, subject: "band \(label)", contacts: contacts,
            message: "band \(label): too few contacts to judge (n = \(contacts))")
    }

    /// A rule that fired for fewer contacts than the minimum, or did not fire for fewer.
    static func rule(_ id: String, fired: Bool, contacts: Int, figures: String) -> SampleWarning {
        SampleWarning(
            figures: figures, subject: "rule \(id)", contacts: contacts,
            message: "rule \(id): " + (fired ? "fired for" : "did not fire for") + " too few contacts to judge "
                + "(n = \(contacts))")
    }
}

/// A remote record LeadBridge may push to: a live source link of the target, with its person's stored score.
public struct PushCandidate: Sendable, Equatable {
    public var contactID: Int64
    public var email: String?
    /// The remote object and key of the linked record.
    public var object: String
    public var externalID: String
    /// The person's score and stage, from the last scoring pass that changed them.
    public var score: StoredScore
    /// When that pass ran (UTC seconds); nil for scores older than schema v8.
    public var decidedAt: Int64?
    /// How many live records of this target the person is linked to (a Salesforce Lead and a Contact, or
    /// duplicates); the plan names each.
    public var linksInTarget: Int

    public init(contactID: Int64, email: String?, object: String, externalID: String, score: StoredScore,
                decidedAt: Int64?, linksInTarget: Int) {
        self.contactID = contactID
        self.email = email
        self.object = object
        self.externalID = externalID
        self.score = score
        self.decidedAt = decidedAt
        self.linksInTarget = linksInTarget
    }
}

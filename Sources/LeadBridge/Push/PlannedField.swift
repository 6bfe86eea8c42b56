/// One pushed field of one remote record in a ``PushPlan``: the three values and what the plan does.
public struct PlannedField: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable {
        /// Write `ours`.
        case write
        /// The remote already has `ours` (listed only when the base moves to it).
        case noChange = "no_change"
        /// Someone changed the remote value since LeadBridge last saw or wrote it, and the policy keeps it.
        case conflict
        /// Nothing to write, for the reason given (no value, `never_demote`, `fill_blank`, a decision).
        case skipped
    }

    /// The remote field.
    public var field: String
    /// What LeadBridge computes for it (`lead_score`, `lifecycle_stage`…).
    public var source: String
    public var action: Action
    /// The value LeadBridge last saw or wrote; `baseKnown` false when it never saw the field.
    public var base: String?
    public var baseKnown: Bool
    public var ours: String?
    /// The remote value read for the plan.
    public var theirs: String?
    /// The field's conflict policy.
    public var policy: String
    /// Why the action (a skip's reason, the policy that wrote over a remote change).
    public var reason: String?
    /// Write only if the record is unchanged since it was read (where the API allows): the write replaces a
    /// value someone else set.
    public var conditional: Bool
    /// Overwrites a non-empty remote value (what the push guard counts).
    public var replacesValue: Bool

    enum CodingKeys: String, CodingKey {
        case field, source, action, base, ours, theirs, policy, reason, conditional
        case baseKnown = "base_known"
        case replacesValue = "replaces_value"
    }

    public init(field: String, source: String, action: Action, base: String?, baseKnown: Bool, ours: String?,
                theirs: String?, policy: String, reason: String? = nil, conditional: Bool = false) {
        self.field = field
        self.source = source
        self.action = action
        self.base = base
        self.baseKnown = baseKnown
        self.ours = ours
        self.theirs = theirs
        self.policy = policy
        self.reason = reason
        self.conditional = conditional
        self.replacesValue = action == .write && theirs != nil
    }
}

/// One remote record in a ``PushPlan``, with its planned fields.
public struct PlannedRecord: Sendable, Equatable, Codable {
    public var contactID: Int64
    public var email: String?
    public var target: String
    public var object: String
    public var externalID: String
    /// When the remote record last changed (ms since 1970), as read for the plan.
    public var remoteModifiedAt: Int64?
    /// How many live records of this target the person is linked to; above 1 the plan writes to each.
    public var linksInTarget: Int
    public var fields: [PlannedField]

    enum CodingKeys: String, CodingKey {
        case email, target, object, fields
        case contactID = "contact_id"
        case externalID = "external_id"
        case remoteModifiedAt = "remote_modified_at"
        case linksInTarget = "links_in_target"
    }

    public init(contactID: Int64, email: String?, target: String, object: String, externalID: String,
                remoteModifiedAt: Int64?, linksInTarget: Int, fields: [PlannedField]) {
        self.contactID = contactID
        self.email = email
        self.target = target
        self.object = object
        self.externalID = externalID
        self.remoteModifiedAt = remoteModifiedAt
        self.linksInTarget = linksInTarget
        self.fields = fields
    }

    public var writes: [PlannedField] { fields.filter { $0.action == .write } }
}

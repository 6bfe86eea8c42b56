/// A conflict LeadBridge recorded: a pushed field someone changed remotely since LeadBridge last saw or wrote it.
public struct StoredConflict: Sendable, Equatable, Codable {
    /// What became of a conflict.
    public enum Resolution: String, Sendable, Codable, CaseIterable {
        /// Open: the remote value stays, and LeadBridge reports it until someone decides.
        case open
        /// Decided: keep the remote value while it stays as it is (`conflicts resolve --keep`).
        case kept
        /// Decided: the next push writes LeadBridge's value over it, conditionally where the API allows
        /// (`conflicts resolve --overwrite`).
        case overwrite
        /// The field's policy wrote LeadBridge's value (`overwrite`, or `newest` with LeadBridge's value newer).
        case overwritten
        /// The remote system silently kept its value after a write (HubSpot's backward lifecycle stages).
        case notTaken = "not_taken"
        /// The remote value changed again, or came back to the base: the conflict is over.
        case superseded
    }

    public var id: Int64
    public var runID: Int64?
    public var contactID: Int64
    public var email: String?
    public var target: String
    public var key: RemoteFieldKey
    public var base: String?
    public var ours: String?
    public var theirs: String?
    /// The field's policy when it was detected.
    public var policy: String
    public var resolution: Resolution
    /// UTC seconds.
    public var detectedAt: Int64
    /// When the remote record last changed, ms since 1970, as the API said when the conflict was found.
    public var remoteModifiedAt: Int64?
    /// Who last changed the remote record, when the API says.
    public var remoteModifiedBy: String?

    public init(id: Int64, runID: Int64?, contactID: Int64, email: String?, target: String, key: RemoteFieldKey,
                base: String?, ours: String?, theirs: String?, policy: String, resolution: Resolution,
                detectedAt: Int64, remoteModifiedAt: Int64? = nil, remoteModifiedBy: String? = nil) {
        self.id = id
        self.runID = runID
        self.contactID = contactID
        self.email = email
        self.target = target
        self.key = key
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.policy = policy
        self.resolution = resolution
        self.detectedAt = detectedAt
        self.remoteModifiedAt = remoteModifiedAt
        self.remoteModifiedBy = remoteModifiedBy
    }
}

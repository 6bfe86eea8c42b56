/// What mapping one raw record gave (see ``RecordMapper``).
public enum MappedRecord: Sendable, Equatable {
    /// A contact record, as a patch of the canonical contact.
    case contact(ContactPatch)
    /// An activity record.
    case activity(ActivityPatch)
    /// An activity whose type maps to `skip`: not an activity LeadBridge scores.
    case skipped
    /// The record cannot be taken, and why.
    case rejected(RecordRejection)
}

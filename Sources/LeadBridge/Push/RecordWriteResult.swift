/// What the remote did with one record of a batch write: a typed result, not an error, because a batch succeeds
/// and fails record by record (HubSpot 207 multi-status, Salesforce composite `success: false`, Marketo
/// `status: skipped`).
public struct RecordWriteResult: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// Written (or already had the values).
        case written
        /// Refused; the errors say why (a validation rule, a missing record, a read-only field).
        case rejected
        /// Not processed, without being an error of the record's data (Marketo's `skipped` for a lead it does
        /// not find with `updateOnly`); the errors give the reasons.
        case skipped
        /// Not written because the record changed remotely after ``RecordWrite/unmodifiedSince`` (Salesforce
        /// answers a conditional PATCH with 412): the field is read again and re-planned, as a conflict where
        /// the changed value differs from the base.
        case changedRemotely
    }

    /// The record's remote key; nil when the API did not say which record (a HubSpot error without ids).
    public var key: String?
    public var status: Status
    /// The API's reasons, empty when written.
    public var errors: [RemoteRecordError]

    public init(key: String?, status: Status, errors: [RemoteRecordError] = []) {
        self.key = key
        self.status = status
        self.errors = errors
    }
}

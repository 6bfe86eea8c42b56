/// A remote system LeadBridge pulls records from, page by page (the HubSpot and Salesforce connectors).
///
/// Pages arrive in ascending (modified time, id) order, so that the cursor stored with each page is a safe place
/// to resume from. A source that must stop early for a reason that is not a failure (its API-call budget is
/// spent) throws ``PullInterruption``; any other error fails the stream.
///
/// ```swift
/// for try await page in source.pages(PullRequest(stream: stream, modifiedSince: since, fields: fields)) {
///     …
/// }
/// ```
public protocol RecordSource: Sendable {
    associatedtype Pages: AsyncSequence & Sendable where Pages.Element == RecordPage

    /// The streams this source offers, in the order they should be pulled (people before their activities).
    var streams: [PullStream] { get }

    /// The pages of one stream's records modified at or after `request.modifiedSince`.
    func pages(_ request: PullRequest) -> Pages

    /// API calls made so far per endpoint (`METHOD /path`), for the run report.
    func callCounts() async -> [String: Int]

    /// The remote object an activity's person reference names, when the source can tell from the id itself
    /// (Salesforce key prefixes: `00Q…` a Lead, `003…` a Contact); `mapped` (the mapping's `contact.object`)
    /// otherwise.
    func contactObject(forReference id: String, mapped: String) -> String

    /// The most keys one ``records(keyed:request:)`` call takes for the stream (the API's batch size); 0 when the
    /// source cannot read the stream's records by key, and then its rejects are not retried.
    func keyBatchLimit(for stream: PullStream) -> Int

    /// The stream's records with these keys (at most ``keyBatchLimit(for:)``), with the fields `request` names, as
    /// ``pages(_:)`` delivers them: how the ``Puller`` reads rejected records again on the next run. Throws like
    /// paging does (``PullInterruption`` when the budget is spent).
    func records(keyed keys: [String], request: PullRequest) async throws -> KeyedRecords

    /// The name a pulled record gives the remote field a push writes (`properties.lifecyclestage` for HubSpot's
    /// `lifecyclestage`): the pull reads pushed fields too, and keeps what it saw as their base.
    func pulledName(ofPushField field: String) -> String
}

extension RecordSource {
    /// API calls made so far per endpoint, for the run report; sources without an API report none.
    public func callCounts() async -> [String: Int] { [:] }

    public func contactObject(forReference id: String, mapped: String) -> String { mapped }

    /// Sources without reads by key retry nothing.
    public func keyBatchLimit(for stream: PullStream) -> Int { 0 }

    public func records(keyed keys: [String], request: PullRequest) async throws -> KeyedRecords {
        KeyedRecords(records: [], missingKeys: [])
    }

    /// The push field's own name, where records name fields as the API does.
    public func pulledName(ofPushField field: String) -> String { field }
}

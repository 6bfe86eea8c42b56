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
}

extension RecordSource {
    /// API calls made so far per endpoint, for the run report; sources without an API report none.
    public func callCounts() async -> [String: Int] { [:] }

    public func contactObject(forReference id: String, mapped: String) -> String { mapped }
}

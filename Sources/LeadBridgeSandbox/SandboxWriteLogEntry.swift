import Foundation

/// One write the sandbox received (an API write, or a rep edit through the test controls), in arrival order.
public struct SandboxWriteLogEntry: Sendable, Codable, Equatable {
    /// Position in the log, from 1.
    public var sequence: Int
    /// Sandbox time of the write, ISO-8601.
    public var at: String
    /// `hubspot`, `salesforce`, `marketo`, `pardot`, or `rep` for edits through `/__sandbox/edit`.
    public var vendor: String
    public var method: String
    /// The request path below the vendor prefix, with its query string.
    public var path: String
    /// The request body as text.
    public var body: String
    /// The HTTP status the sandbox answered.
    public var status: Int
    /// How many records the write changed.
    public var recordsChanged: Int

    public init(sequence: Int, at: String, vendor: String, method: String, path: String, body: String, status: Int,
                recordsChanged: Int) {
        self.sequence = sequence
        self.at = at
        self.vendor = vendor
        self.method = method
        self.path = path
        self.body = body
        self.status = status
        self.recordsChanged = recordsChanged
    }
}

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
    /// The records the write changed and the fields it set on each, in record order: what took effect, where
    /// `body` is what was asked (a rejected record, a refused backward stage or an unchanged HubSpot value is in
    /// the body and not here). Empty for a write that changed nothing.
    public var changes: [SandboxRecordChange]

    public init(sequence: Int, at: String, vendor: String, method: String, path: String, body: String, status: Int,
                recordsChanged: Int, changes: [SandboxRecordChange] = []) {
        self.sequence = sequence
        self.at = at
        self.vendor = vendor
        self.method = method
        self.path = path
        self.body = body
        self.status = status
        self.recordsChanged = recordsChanged
        self.changes = changes
    }

    private enum CodingKeys: String, CodingKey {
        case sequence, at, vendor, method, path, body, status, recordsChanged, changes
    }

    /// Reads an entry; one written before entries listed their changes reads with none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try container.decode(Int.self, forKey: .sequence)
        at = try container.decode(String.self, forKey: .at)
        vendor = try container.decode(String.self, forKey: .vendor)
        method = try container.decode(String.self, forKey: .method)
        path = try container.decode(String.self, forKey: .path)
        body = try container.decode(String.self, forKey: .body)
        status = try container.decode(Int.self, forKey: .status)
        recordsChanged = try container.decode(Int.self, forKey: .recordsChanged)
        changes = try container.decodeIfPresent([SandboxRecordChange].self, forKey: .changes) ?? []
    }
}

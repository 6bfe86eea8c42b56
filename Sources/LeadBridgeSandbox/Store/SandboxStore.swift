import Foundation
import Logging

/// The mutable state of a running sandbox: the overlay of changed records over the generated data, the write log,
/// per-endpoint call counts, issued tokens and open query cursors. Mutations persist to the state file when
/// there is one.
actor SandboxStore {
    let dataSet: SandboxDataSet
    let clock: SandboxClock
    private let database: SandboxStateDatabase?
    private let tokenLifetime: Double
    private let logger: Logger

    private var overlays: [SandboxObject: [Int: RecordOverlay]] = [:]
    private var lastStamp: Date
    private var log: [SandboxWriteLogEntry] = []
    private var counts: [String: Int] = [:]
    private var tokens: [String: (vendor: SandboxVendor, expiresAt: Double)] = [:]
    private var tokenCounter = 0
    private var cursors: [String: SalesforceQueryCursor] = [:]
    private var cursorCounter = 0

    init(dataSet: SandboxDataSet, clock: SandboxClock, database: SandboxStateDatabase?, tokenLifetime: Duration,
         logger: Logger) throws {
        self.dataSet = dataSet
        self.clock = clock
        self.database = database
        self.tokenLifetime = Double(tokenLifetime.components.seconds)
        self.logger = logger
        lastStamp = clock.start
        if let database {
            for (key, overlay) in try database.loadOverlays() {
                overlays[key.object, default: [:]][key.index] = overlay
                lastStamp = max(lastStamp, overlay.modifiedAt)
            }
            log = try database.loadLog()
        }
    }

    // MARK: Records

    func overlays(of object: SandboxObject) -> [Int: RecordOverlay] { overlays[object] ?? [:] }

    func overlay(_ key: RecordKey) -> RecordOverlay? { overlays[key.object]?[key.index] }

    /// The next index for a record created through the API: past the seed data and every created record.
    func nextCreatedIndex(of object: SandboxObject) -> Int {
        max(dataSet.contactCount, (overlays[object]?.keys.max() ?? -1) + 1)
    }

    /// A new modification stamp: sandbox time, strictly after every earlier stamp.
    private func nextStamp() -> Date {
        let stamp = max(clock.now(), lastStamp.addingTimeInterval(0.001))
        lastStamp = stamp
        return stamp
    }

    /// Applies field changes to records, stamps them with one new modification time, appends the write to the log
    /// and persists both. Returns the stamp.
    @discardableResult
    func commit(_ changes: [RecordKey: [String: JSONValue]], created: Set<RecordKey> = [], write: PendingWrite?)
        throws -> Date
    {
        let stamp = nextStamp()
        var saved: [RecordKey: RecordOverlay] = [:]
        for (key, fields) in changes {
            var overlay = overlays[key.object]?[key.index]
                ?? RecordOverlay(fields: [:], modifiedAt: stamp, created: created.contains(key))
            overlay.fields.merge(fields) { _, new in new }
            if key.object == .hubSpotContact {
                overlay.fields.merge(HubSpotStageDates.derived(from: fields, at: stamp)) { _, new in new }
            }
            overlay.modifiedAt = stamp
            overlays[key.object, default: [:]][key.index] = overlay
            saved[key] = overlay
        }
        let entry = write.map { write in
            logEntry(write, at: stamp, changes: changes.keys.sorted().map { $0.change(changes[$0]!) })
        }
        try database?.save(saved, logEntry: entry)
        return stamp
    }

    /// Creates a record past the seed data (and past `floor`, the first index free of seed records) with its
    /// fields, stamped now; logs the write. Returns the new index and the stamp.
    func create(
        _ object: SandboxObject, floor: Int, write: PendingWrite?,
        fields: @Sendable (Date) -> [String: JSONValue]
    ) throws -> (index: Int, stamp: Date) {
        let index = max(floor, (overlays[object]?.keys.max() ?? -1) + 1)
        let key = RecordKey(object: object, index: index)
        let stamp = nextStamp()
        let overlay = RecordOverlay(fields: fields(stamp), modifiedAt: stamp, created: true)
        overlays[object, default: [:]][index] = overlay
        let entry = write.map { logEntry($0, at: stamp, changes: [key.change(overlay.fields)]) }
        try database?.save([key: overlay], logEntry: entry)
        return (index, stamp)
    }

    /// Archives a record (moves it to the recycle bin) as of a new stamp, and logs the write. Returns the stamp,
    /// or the earlier one when it was already archived.
    func archive(_ key: RecordKey, write: PendingWrite?) throws -> Date {
        if let archivedAt = overlays[key.object]?[key.index]?.archivedAt { return archivedAt }
        let stamp = nextStamp()
        var overlay = overlays[key.object]?[key.index] ?? RecordOverlay(fields: [:], modifiedAt: stamp)
        overlay.modifiedAt = stamp
        overlay.archivedAt = stamp
        overlays[key.object, default: [:]][key.index] = overlay
        let entry = write.map { logEntry($0, at: stamp, changes: [key.change([:])]) }
        try database?.save([key: overlay], logEntry: entry)
        return stamp
    }

    /// Appends a write to the log.
    private func logEntry(_ write: PendingWrite, at stamp: Date, changes: [SandboxRecordChange])
        -> SandboxWriteLogEntry
    {
        let entry = SandboxWriteLogEntry(
            sequence: lastSequence + 1, at: SandboxTimestamp.hubSpot(stamp), vendor: write.vendor, method: write.method,
            path: write.path, body: write.body, status: write.status, recordsChanged: changes.count, changes: changes
        )
        log.append(entry)
        return entry
    }

    /// Appends a write that changed nothing (rejected, or a no-op) to the log.
    func logWrite(_ write: PendingWrite) throws {
        try commit([:], write: write)
    }

    // MARK: Observation

    func countCall(_ endpoint: String) { counts[endpoint, default: 0] += 1 }

    func callCounts() -> [String: Int] { counts }

    /// The writes after the one numbered `since` (all of them from 0), at most `limit`.
    func writeLog(since: Int = 0, limit: Int = .max) -> ArraySlice<SandboxWriteLogEntry> {
        // Sequence numbers increase along the log: find the first one past `since` by bisection.
        var (low, high) = (0, log.count)
        while low < high {
            let middle = (low + high) / 2
            if log[middle].sequence <= since { low = middle + 1 } else { high = middle }
        }
        return log[low..<(low + min(max(limit, 0), log.count - low))]
    }

    /// The sequence number of the last write, 0 when there is none.
    var lastSequence: Int { log.last?.sequence ?? 0 }

    /// A page of the log with the last sequence number and the call counts, all as of one instant.
    func logPage(since: Int, limit: Int)
        -> (writes: ArraySlice<SandboxWriteLogEntry>, lastSequence: Int, calls: [String: Int])
    {
        (writeLog(since: since, limit: limit), lastSequence, counts)
    }

    /// Forgets every mutation, the write log, call counts and cursors. Issued tokens stay valid.
    func reset() throws {
        overlays = [:]
        log = []
        counts = [:]
        cursors = [:]
        try database?.reset()
    }

    // MARK: Tokens

    /// Issues an access token for a vendor. Returns the token and its lifetime in seconds.
    func issueToken(for vendor: SandboxVendor) -> (token: String, expiresIn: Int) {
        tokenCounter += 1
        let token: String
        switch vendor {
        case .salesforce, .pardot: token = "00DSANDBOX!sandbox-salesforce-session-\(tokenCounter)"
        case .marketo: token = "sandbox-marketo-token-\(tokenCounter):ab"
        case .hubspot: token = SandboxCredentials.hubSpotAccessToken
        }
        tokens[token] = (vendor, clock.elapsedSeconds() + tokenLifetime)
        return (token, Int(tokenLifetime))
    }

    func tokenStatus(_ token: String?, for vendor: SandboxVendor) -> TokenStatus {
        guard let token, !token.isEmpty else { return .missing }
        if vendor == .hubspot { return token == SandboxCredentials.hubSpotAccessToken ? .valid : .unknown }
        let accepted: SandboxVendor = vendor == .pardot ? .salesforce : vendor
        guard let issued = tokens[token], issued.vendor == accepted else { return .unknown }
        return issued.expiresAt > clock.elapsedSeconds() ? .valid : .expired
    }

    /// Expires every token issued for the vendor (Pardot shares Salesforce's).
    func expireTokens(for vendor: SandboxVendor) {
        let issuer: SandboxVendor = vendor == .pardot ? .salesforce : vendor
        for (token, issued) in tokens where issued.vendor == issuer {
            tokens[token] = (issued.vendor, -1)
        }
    }

    // MARK: Salesforce query cursors

    func saveCursor(_ cursor: SalesforceQueryCursor) -> String {
        cursorCounter += 1
        let id = "01gSANDBOX" + String(format: "%08d", cursorCounter)
        cursors[id] = cursor
        return id
    }

    func cursor(_ id: String) -> SalesforceQueryCursor? { cursors[id] }
}

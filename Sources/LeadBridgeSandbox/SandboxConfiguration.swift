import Foundation
import LeadBridgeSampleData

/// What the sandbox serves: the seed data, where mutations persist, the emulated rate limits and the clock.
///
/// ```swift
/// var config = SandboxConfiguration(seed: 7, contacts: 300, activitiesPerContact: 5)
/// config.rateLimits.hubSpotRequestsPerTenSeconds = 20
/// let sandbox = try await SandboxServer.start(config, logger: logger)
/// ```
public struct SandboxConfiguration: Sendable {
    /// Seed of the deterministic sample data: the same seed serves the same people everywhere.
    public var seed: UInt64
    /// Number of people; every person is in marketing automation, about 60% are in the CRM as well.
    public var contacts: Int
    /// Activities generated per person, over the 180 days before `now`.
    public var activitiesPerContact: Int
    /// A SQLite file that keeps mutations (API writes, rep edits) and the write log across restarts; nil keeps
    /// them in memory only.
    public var statePath: String?
    /// The emulated vendor limits.
    public var rateLimits: SandboxRateLimits
    /// The instant the sandbox starts at. Data is generated in the 180 days before it; sandbox time then advances
    /// with the monotonic clock from this point (modification stamps are strictly increasing).
    public var now: Date
    /// When false, sandbox time stays at `now` (plus one millisecond per write, so stamps stay ordered).
    public var advancesTime: Bool
    /// Lifetime of issued Salesforce and Marketo access tokens.
    public var tokenLifetime: Duration
    /// When set, a Salesforce Bulk API 2.0 ingest job processes at most this many rows and then ends `Failed`,
    /// the rest unprocessed (as a real job does when an internal batch is retried too often): what was processed
    /// is not rolled back.
    public var salesforceIngestRowsBeforeFailure: Int?
    /// How many job-info requests see a closed Salesforce ingest job `InProgress` before its outcome (at least 1).
    public var salesforceIngestPollsInProgress: Int
    /// How many status requests (of any job: each one moves the export queue on) see a Marketo bulk export job
    /// `Processing` before it is `Completed` (at least 1). A real job takes minutes; its status changes at most once
    /// a minute.
    public var marketoExportPollsProcessing: Int = 1
    /// How long a completed Marketo export file can be downloaded (seven days); after that `file.json` answers 404.
    public var marketoExportFileRetention: Duration = .seconds(7 * 86_400)
    /// Whether the Marketo instance offers the bulk lead extract's `updatedAt` filter; without it (as in some
    /// subscriptions) creating such a job answers 1035 "Unsupported filter type for target subscription".
    public var marketoUpdatedAtFilter = true

    public init(
        seed: UInt64 = 42,
        contacts: Int = 1_000,
        activitiesPerContact: Int = 10,
        statePath: String? = nil,
        rateLimits: SandboxRateLimits = SandboxRateLimits(),
        now: Date = SampleDataGenerator.defaultNow,
        advancesTime: Bool = true,
        tokenLifetime: Duration = .seconds(3_600),
        salesforceIngestRowsBeforeFailure: Int? = nil,
        salesforceIngestPollsInProgress: Int = 1
    ) {
        self.seed = seed
        self.contacts = contacts
        self.activitiesPerContact = activitiesPerContact
        self.statePath = statePath
        self.rateLimits = rateLimits
        self.now = now
        self.advancesTime = advancesTime
        self.tokenLifetime = tokenLifetime
        self.salesforceIngestRowsBeforeFailure = salesforceIngestRowsBeforeFailure
        self.salesforceIngestPollsInProgress = salesforceIngestPollsInProgress
    }
}

/// The settings of a `kind: marketo` connection.
public struct MarketoSettings: Sendable, Equatable {
    /// How a stream without a cursor (a first load, or `--full`) reads leads and activities.
    public enum FirstLoad: String, Sendable, Equatable, CaseIterable {
        /// Through the REST API's paging tokens, like an incremental pull.
        case paged
        /// Through the Bulk Extract API: one export job per 31 days per stream, each file streamed into the store.
        case bulk
    }

    public var api: APISettings
    /// `first_load`: `paged` (the default) or `bulk`.
    public var firstLoad: FirstLoad
    /// `first_load_since`: where a first load starts, UTC seconds (a date or a date-time); nil for the paged
    /// default, 2000-01-01. Required with `first_load: bulk`, which makes one export job per 31 days from it.
    public var firstLoadSince: Int64?
    /// `bulk_poll_seconds`: the wait between two status requests of a bulk export job (Marketo updates a job's
    /// status at most once a minute and advises against polling faster).
    public var bulkPollSeconds: Int
    /// `calls_per_20_seconds`: the calls the connector allows itself per 20 seconds; Marketo allows 100 per
    /// instance, shared by its integrations.
    public var callsPer20Seconds: Int

    /// Marketo's `batchSize` on lead and activity reads.
    public static let pageSizes = 1...300
    public static let bulkPollRange = 1...3_600
    public static let defaultBulkPollSeconds = 60
    /// Marketo's documented limit: 100 calls per 20 seconds per instance.
    public static let callsPer20SecondsRange = 1...100

    public init(api: APISettings = APISettings(), firstLoad: FirstLoad = .paged, firstLoadSince: Int64? = nil,
                bulkPollSeconds: Int = MarketoSettings.defaultBulkPollSeconds, callsPer20Seconds: Int = 100) {
        self.api = api
        self.firstLoad = firstLoad
        self.firstLoadSince = firstLoadSince
        self.bulkPollSeconds = bulkPollSeconds
        self.callsPer20Seconds = callsPer20Seconds
    }
}

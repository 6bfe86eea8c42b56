import Foundation

/// How a Marketo source reads a first load through the Bulk Extract API (`first_load: bulk`): from where, how
/// often it asks a job's status, where the files go while they are read.
public struct MarketoBulkExtract: Sendable, Equatable {
    /// Where the first load starts (UTC milliseconds): leads updated and activities created since then.
    public var since: Int64
    /// The wait before each status request of a job (Marketo updates a job's status at most once a minute).
    public var pollInterval: Duration
    /// The folder the export files are downloaded to; each is deleted once its records are stored.
    public var downloads: URL
    /// Bytes per `file.json` request (`Range`), so that memory stays flat whatever the file's size (measured on a
    /// 112 MB export: 8 MiB ranges raised the pull's peak memory from 82 to 132 MiB; 1 MiB costs one call a MiB).
    public var chunkBytes: Int
    /// Records per stored page (one transaction each).
    public var pageSize: Int

    /// The longest date range of one export job: 31 days.
    public static let longestWindow: Int64 = 31 * 86_400_000

    public init(since: Int64, pollInterval: Duration = .seconds(60),
                downloads: URL = FileManager.default.temporaryDirectory, chunkBytes: Int = 1_024 * 1_024,
                pageSize: Int = 1_000) {
        self.since = since
        self.pollInterval = pollInterval
        self.downloads = downloads
        self.chunkBytes = max(chunkBytes, 1_024)
        self.pageSize = max(pageSize, 1)
    }
}

/// The settings of a `kind: salesforce` connection.
public struct SalesforceSettings: Sendable, Equatable {
    public var api: APISettings
    /// `bulk_threshold`: from how many changed records of one object a push backfill writes through a Bulk API 2.0
    /// ingest job instead of sObject Collections batches of 200.
    public var bulkThreshold: Int

    /// The SOQL batch sizes Salesforce accepts (`Sforce-Query-Options: batchSize`).
    public static let pageSizes = 200...2_000
    /// Below a few thousand records, Collections batches cost few calls and answer at once; a bulk job costs at
    /// least five calls and minutes of waiting.
    public static let defaultBulkThreshold = 10_000
    /// The most records Bulk API 2.0 ingests in a rolling 24 hours: a higher threshold would never be reached.
    public static let bulkThresholds = 1...150_000_000

    public init(api: APISettings = APISettings(), bulkThreshold: Int = SalesforceSettings.defaultBulkThreshold) {
        self.api = api
        self.bulkThreshold = bulkThreshold
    }
}

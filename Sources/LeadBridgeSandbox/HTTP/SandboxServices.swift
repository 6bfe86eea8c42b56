import Logging

/// What every handler works with: the data, the mutable state, the fault queue and the rate limits.
struct SandboxServices: Sendable {
    let dataSet: SandboxDataSet
    let store: SandboxStore
    let faults: SandboxFaultQueue
    let limiter: SandboxRateLimiter
    /// HubSpot's seed engagements, indexed on first use.
    let engagements: HubSpotEngagementIndex
    /// HubSpot's seed web events, indexed on first use.
    let webEvents: HubSpotWebEventIndex
    /// Salesforce Bulk API 2.0 ingest jobs.
    let ingestJobs: SalesforceIngestJobs
    /// Marketo bulk extract jobs and their queue.
    let exportJobs: MarketoExportJobs
    /// ``SandboxConfiguration/marketoUpdatedAtFilter``.
    let marketoUpdatedAtFilter: Bool
    let logger: Logger
}

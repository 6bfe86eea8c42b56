import Foundation

/// A started sandbox: where it listens, the test controls as Swift calls, and `stop()`.
public struct RunningSandbox: Sendable {
    /// The bound host.
    public let host: String
    /// The bound port.
    public let port: Int
    public let configuration: SandboxConfiguration
    let services: SandboxServices
    private let task: Task<Void, any Error>

    init(host: String, port: Int, configuration: SandboxConfiguration, services: SandboxServices,
         task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.configuration = configuration
        self.services = services
        self.task = task
    }

    /// `http://host:port`.
    public var baseURL: URL { URL(string: "http://\(host):\(port)")! }

    /// The vendor's base URL, e.g. `http://127.0.0.1:PORT/hubspot`; append the vendor's own paths
    /// (`/crm/v3/objects/contacts`, `/services/data/v60.0/query`, `/rest/v1/leads.json`, `/api/prospect/…`).
    public func baseURL(for vendor: SandboxVendor) -> URL {
        baseURL.appendingPathComponent(vendor.rawValue)
    }

    /// Stops serving and waits until the server has shut down.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Waits until the server stops (by `stop()` or, when started with `stopOnSignals`, SIGINT/SIGTERM).
    public func waitUntilStopped() async throws {
        try await task.value
    }

    /// The writes received so far, in order: all of them, or those after the one numbered `since`.
    public func writeLog(since: Int = 0) async -> [SandboxWriteLogEntry] {
        Array(await services.store.writeLog(since: since))
    }

    /// Calls per endpoint, keyed `vendor METHOD /path/{id}`.
    public func callCounts() async -> [String: Int] { await services.store.callCounts() }

    /// Queues a fault for the next matching requests.
    public func injectFault(_ fault: SandboxFault) async { await services.faults.enqueue(fault) }

    /// Forgets writes, the log, call counts, faults, rate windows, Salesforce ingest jobs and Marketo export jobs
    /// (with the day's export bytes).
    public func reset() async throws {
        try await services.store.reset()
        await services.faults.clear()
        await services.limiter.reset()
        await services.ingestJobs.reset()
        await services.exportJobs.reset()
    }
}

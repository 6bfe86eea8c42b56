import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

extension PullFixtures {
    /// A Marketo source whose first loads go through the Bulk Extract API from `since`, polling on `clock` (a
    /// ``RecordingClock`` records the waits without sleeping), downloading into `downloads`.
    static func marketoBulk(
        _ sandbox: RunningSandbox, since: Date, downloads: URL, clock: any Clock<Duration> = RecordingClock(),
        pageSize: Int = 1_000, chunkBytes: Int = 1_024 * 1_024, budget: Int? = nil
    ) -> MarketoSource {
        let sinceMillis = Int64(since.timeIntervalSince1970) * 1000
        return MarketoSource.make(
            baseURL: sandbox.baseURL(for: .marketo), clientID: Secret(SandboxCredentials.marketoClientID),
            clientSecret: Secret(SandboxCredentials.marketoClientSecret), transport: transport,
            ledger: CallLedger(budget: budget),
            retry: RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40),
                               maxRetryAfter: .seconds(30)),
            clock: clock, logger: quiet, firstLoadSince: sinceMillis,
            bulkExtract: MarketoBulkExtract(since: sinceMillis, pollInterval: .seconds(60), downloads: downloads,
                                            chunkBytes: chunkBytes, pageSize: pageSize))
    }

    /// A paged Marketo source whose first loads start at `since`.
    static func marketoPaged(_ sandbox: RunningSandbox, since: Date) -> MarketoSource {
        MarketoSource.make(
            baseURL: sandbox.baseURL(for: .marketo), clientID: Secret(SandboxCredentials.marketoClientID),
            clientSecret: Secret(SandboxCredentials.marketoClientSecret), transport: transport,
            retry: RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40),
                               maxRetryAfter: .seconds(30)),
            clock: RecordingClock(), logger: quiet, firstLoadSince: Int64(since.timeIntervalSince1970) * 1000)
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marketo-bulk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

@Suite("Pull: Marketo first loads through the Bulk Extract API", .timeLimit(.minutes(3)))
struct PullMarketoBulkTests {
    init() { PullFixtures.avoidProxies() }

    /// The sandbox on the real clock (a bulk load ends at the run's start, and the incremental pulls after it read
    /// changes from there); no 606 window, since a load of two years makes some 250 calls in a second here (the
    /// rate limit has its own tests).
    static func config(_ adjust: (inout SandboxConfiguration) -> Void = { _ in }) -> SandboxConfiguration {
        var config = SandboxConfiguration(contacts: 300, activitiesPerContact: 6, now: Date())
        config.rateLimits.marketoCallsPerTwentySeconds = nil
        adjust(&config)
        return config
    }

    /// Before every lead's creation (the sandbox creates them over the 721 days before its start).
    static func since(_ sandbox: RunningSandbox) -> Date { sandbox.configuration.now.addingTimeInterval(-730 * 86_400) }

    static let create = (leads: "POST /bulk/v1/leads/export/create.json",
                         activities: "POST /bulk/v1/activities/export/create.json")

    /// The 31-day windows from `since` to the end a stored token names.
    static func windows(_ store: LeadStore, stream: String, since: Date) throws -> Int {
        let token = try #require(try store.streamPosition(connection: "marketo", stream: stream)?.pageToken)
        let end = try #require(Int64(token.split(separator: "|")[1]))
        let start = Int64(since.timeIntervalSince1970) * 1000
        return Int((end - start + 31 * 86_400_000 - 1) / (31 * 86_400_000))
    }

    @Test("a bulk first load then a paged incremental pull equal a paged full pull; the cursor ends at the run start")
    func bulkThenIncrementalEqualsPaged() async throws {
        try await withSandbox(Self.config()) { sandbox in try await Self.bulkThenIncrementalEqualsPaged(sandbox) }
    }

    static func bulkThenIncrementalEqualsPaged(_ sandbox: RunningSandbox) async throws {
        let mapping = try PullFixtures.mapping("marketo")
        let since = Self.since(sandbox)
        let downloads = try PullFixtures.temporaryFolder()
        let clock = RecordingClock()
        // Given a first load through bulk export jobs
        let store = try PullFixtures.temporaryStore()
        let started = Int64(Date().timeIntervalSince1970) * 1000
        let first = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads, clock: clock),
            connection: "marketo", mapping: mapping)
        #expect(first.interruption == nil && first.rejected == 0)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 300)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == 300 * 6)
        // It read leads and activities only through export jobs, one per 31 days each, polling on the clock
        let windows = Int((started - Int64(since.timeIntervalSince1970) * 1000) / (31 * 86_400_000)) + 1
        #expect(first.apiCalls[Self.create.leads] == windows)
        #expect(first.apiCalls[Self.create.activities] == windows)
        #expect(first.apiCalls["GET /rest/v1/leads.json"] == nil)
        #expect(first.apiCalls["GET /rest/v1/activities.json"] == nil)
        #expect(first.apiCalls["GET /rest/v1/activities/leadchanges.json"] == nil)
        // (the clock also records the pacer's waits for Marketo's 100 calls per 20 s, which are shorter)
        #expect(clock.sleeps.withLock { $0 }.filter { $0 > .seconds(59) && $0 <= .seconds(60) }.count
            == (first.apiCalls["GET /bulk/v1/leads/export/{exportId}/status.json"] ?? 0)
                + (first.apiCalls["GET /bulk/v1/activities/export/{exportId}/status.json"] ?? 0))
        // And its streams end with the cursor at the load's end and no token in progress
        for stream in ["leads", "activities"] {
            let position = try #require(try store.streamPosition(connection: "marketo", stream: stream))
            #expect(position.pageToken == "marketo1|done")
            let cursor = try #require(position.cursor)
            #expect(cursor.time >= started - 1_000 && cursor.time <= Int64(Date().timeIntervalSince1970) * 1000)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: downloads.path).isEmpty)
        // When reps edit two leads and the next pull is incremental (paged)
        try await PullFixtures.edit(sandbox, vendor: "marketo", object: "leads", id: "5",
                                    fields: ["title": "Chief Revenue Officer"])
        try await PullFixtures.edit(sandbox, vendor: "marketo", object: "leads", id: "9",
                                    fields: ["company": "Renamed Inc"])
        let second = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
            mapping: mapping)
        #expect(second.apiCalls.keys.allSatisfy { !$0.contains("/bulk/") })
        #expect(second.streams.first { $0.stream == "leads" }?.updated == 2)
        // Then the store equals a paged full pull's
        let paged = try PullFixtures.temporaryStore()
        let full = try await PullFixtures.puller(paged).run(
            source: PullFixtures.marketoPaged(sandbox, since: since), connection: "marketo", mapping: mapping)
        #expect(full.interruption == nil)
        #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(paged))
    }

    @Test("a run killed after the job id was stored resumes that job on rerun, and skips the rows already stored")
    func killAndResume() async throws {
        try await withSandbox(Self.config()) { sandbox in try await Self.killAndResume(sandbox) }
    }

    static func killAndResume(_ sandbox: RunningSandbox) async throws {
        let mapping = try PullFixtures.mapping("marketo")
        let since = Self.since(sandbox)
        let downloads = try PullFixtures.temporaryFolder()
        let clean = try PullFixtures.temporaryStore()
        _ = try await PullFixtures.puller(clean).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
            mapping: mapping)
        // Given a leads load killed after its first page: the first window's job id, stored before any wait
        let store = try PullFixtures.temporaryStore()
        await #expect(throws: (any Error).self) {
            _ = try await PullFixtures.puller(store).run(
                source: CrashingSource(base: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads),
                                       pages: 1),
                connection: "marketo", mapping: mapping, streams: ["leads"])
        }
        let token = try #require(try store.streamPosition(connection: "marketo", stream: "leads")?.pageToken)
        #expect(token.hasPrefix("marketo-bulk1|") && !token.hasSuffix("||0"))
        let jobID = String(token.split(separator: "|", omittingEmptySubsequences: false)[4])
        #expect(try store.streamCursor(connection: "marketo", stream: "leads") == nil)
        // When the leads are pulled again, then the activities killed part-way through a window's file (50 a page:
        // the first window with activities has some 80 of them (two pages), the next some 300)
        let rerun = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
            mapping: mapping, streams: ["leads"])
        // Then the rerun asked the stored job's status and created no job for its window: one job per window
        #expect(!jobID.isEmpty)
        #expect(rerun.apiCalls[Self.create.leads] == Self.windowsBetween(since, token) - 1)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 300)
        await #expect(throws: (any Error).self) {
            _ = try await PullFixtures.puller(store).run(
                source: CrashingSource(base: PullFixtures.marketoBulk(sandbox, since: since,
                                                                      downloads: downloads, pageSize: 50),
                                       pages: 4, countingEmptyPages: false),
                connection: "marketo", mapping: mapping, streams: ["activities"])
        }
        let stored = try PullFixtures.count(store, "SELECT COUNT(*) FROM activities")
        let partial = try #require(try store.streamPosition(connection: "marketo", stream: "activities")?.pageToken)
        #expect(stored > 0 && stored < 1_800)
        #expect(Int(partial.split(separator: "|").last ?? "") ?? 0 > 0, "the kill fell between windows: \(partial)")
        let resumed = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads, pageSize: 50),
            connection: "marketo", mapping: mapping, streams: ["activities"])
        #expect(resumed.streams.first?.read == 1_800 - stored)
        #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        #expect(try FileManager.default.contentsOfDirectory(atPath: downloads.path).isEmpty)
    }

    /// The windows of a load from `since` to the end its token names.
    static func windowsBetween(_ since: Date, _ token: String) -> Int {
        let end = Int64(token.split(separator: "|")[1]) ?? 0
        let start = Int64(since.timeIntervalSince1970) * 1000
        return Int((end - start + 31 * 86_400_000 - 1) / (31 * 86_400_000))
    }

    @Test("1029 Export daily quota exceeded stops the run cleanly: partial, no cursor; the next day resumes")
    func dailyExportQuota() async throws {
        try await withSandbox(Self.config { $0.rateLimits.marketoExportBytesPerDay = 1_500 }) { sandbox in
            try await Self.dailyExportQuota(sandbox)
        }
    }

    static func dailyExportQuota(_ sandbox: RunningSandbox) async throws {
        let mapping = try PullFixtures.mapping("marketo")
        let since = Self.since(sandbox)
        let downloads = try PullFixtures.temporaryFolder()
        let store = try PullFixtures.temporaryStore()
        // Given a day's export quota of 1,500 bytes
        let stopped = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
            mapping: mapping)
        // Then the run stops at the job that would pass it, as partial, with what the finished jobs held
        #expect(stopped.interruption?.reason == .remoteLimit)
        #expect(stopped.interruption?.message.contains("Export daily quota exceeded") == true)
        let leads = try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts")
        #expect(leads > 0 && leads < 300)
        #expect(try store.streamCursor(connection: "marketo", stream: "leads") == nil)
        let token = try #require(try store.streamPosition(connection: "marketo", stream: "leads")?.pageToken)
        #expect(token.hasPrefix("marketo-bulk1|"))
        #expect(try store.recentRuns(limit: 1).first?.status == .partial)
        // When each following day (the sandbox forgets its jobs and the day's bytes) the pull runs again
        var creates = (stopped.apiCalls[Self.create.leads] ?? 0) + (stopped.apiCalls[Self.create.activities] ?? 0)
        var days = 1
        while days < 80 {
            try await sandbox.reset()
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
                mapping: mapping)
            creates += (report.apiCalls[Self.create.leads] ?? 0) + (report.apiCalls[Self.create.activities] ?? 0)
            days += 1
            if report.interruption == nil { break }
            #expect(report.interruption?.reason == .remoteLimit)
        }
        // Then the load completes, day by day, each window's job created once (the one refused on each day's
        // stop is created again the next day)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 300)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == 1_800)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM rejects") == 0)
        #expect(days > 3 && creates == 2 * Self.windowsBetween(since, token) + days - 1)
        #expect(try store.streamPosition(connection: "marketo", stream: "activities")?.pageToken == "marketo1|done")
    }

    @Test("a job that ends Failed fails the run naming it and its window; the next run makes a new job for it")
    func failedJob() async throws {
        try await withSandbox(Self.config()) { sandbox in try await Self.failedJob(sandbox) }
    }

    static func failedJob(_ sandbox: RunningSandbox) async throws {
        let mapping = try PullFixtures.mapping("marketo")
        let since = Self.since(sandbox)
        let downloads = try PullFixtures.temporaryFolder()
        let clean = try PullFixtures.temporaryStore()
        _ = try await PullFixtures.puller(clean).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
            mapping: mapping)
        // Given the first leads job fails in Marketo
        await sandbox.injectFault(SandboxFault(kind: .exportFailure, vendor: .marketo, pathContains: "status.json"))
        let store = try PullFixtures.temporaryStore()
        let error = await #expect(throws: APIError.self) {
            _ = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
                mapping: mapping)
        }
        // Then the error names the job, its window and what happens next
        let message = try #require(error?.message)
        #expect(message.contains("ended Failed") && message.contains("leads by updatedAt")
            && message.contains("the next pull creates a new job"))
        #expect(try store.recentRuns(limit: 1).first?.status == .failed)
        let token = try #require(try store.streamPosition(connection: "marketo", stream: "leads")?.pageToken)
        #expect(token.split(separator: "|", omittingEmptySubsequences: false)[4].isEmpty)
        // And the next run loads everything
        let rerun = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
            mapping: mapping)
        #expect(rerun.interruption == nil)
        #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
    }

    @Test("faults on the bulk endpoints end with the content of a clean bulk load", arguments: [
        SandboxFault(kind: .truncate, count: 2, vendor: .marketo, pathContains: "file.json"),
        SandboxFault(kind: .drop, count: 1, vendor: .marketo, pathContains: "file.json"),
        SandboxFault(kind: .status, count: 2, vendor: .marketo, pathContains: "status.json", status: 503),
        SandboxFault(kind: .drop, count: 1, vendor: .marketo, pathContains: "create.json"),
        SandboxFault(kind: .drop, count: 1, vendor: .marketo, pathContains: "enqueue.json"),
        SandboxFault(kind: .tokenExpiry, count: 1, vendor: .marketo, pathContains: "enqueue.json"),
        SandboxFault(kind: .rateLimit, count: 2, vendor: .marketo, pathContains: "status.json"),
    ])
    func faults(_ fault: SandboxFault) async throws {
        try await withSandbox(Self.config()) { sandbox in try await Self.faults(fault, sandbox) }
    }

    static func faults(_ fault: SandboxFault, _ sandbox: RunningSandbox) async throws {
        let mapping = try PullFixtures.mapping("marketo")
        let since = Self.since(sandbox)
        let downloads = try PullFixtures.temporaryFolder()
        let clean = try PullFixtures.temporaryStore()
        _ = try await PullFixtures.puller(clean).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
            mapping: mapping)
        // Given the fault on the next matching requests, and files fetched 2 KB a request
        await sandbox.injectFault(fault)
        let clock = RecordingClock()
        let store = try PullFixtures.temporaryStore()
        let report = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads, clock: clock,
                                             chunkBytes: 2_048),
            connection: "marketo", mapping: mapping)
        // Then the load completes with the same content
        #expect(report.interruption == nil)
        #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        #expect((report.apiCalls["GET /bulk/v1/activities/export/{exportId}/file.json"] ?? 0) > 6)
        // 606 waits out the 20-second window
        if fault.kind == .rateLimit {
            #expect(clock.sleeps.withLock { $0 }.contains { $0 > .milliseconds(19_990) && $0 <= .seconds(20) })
        }
    }

    @Test("a full export queue (1029 Too many jobs in queue) stops the run cleanly; the rerun enqueues the same job")
    func fullQueue() async throws {
        try await withSandbox(Self.config()) { sandbox in try await Self.fullQueue(sandbox) }
    }

    static func fullQueue(_ sandbox: RunningSandbox) async throws {
        let mapping = try PullFixtures.mapping("marketo")
        let since = Self.since(sandbox)
        let downloads = try PullFixtures.temporaryFolder()
        // Given another integration's ten jobs fill the queue
        let other = try await OtherIntegration(sandbox)
        var queued: [String] = []
        for _ in 0..<10 { queued.append(try await other.enqueuedJob()) }
        // When the load starts
        let store = try PullFixtures.temporaryStore()
        let stopped = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
            mapping: mapping)
        // Then it stops cleanly with its first job created and stored, not queued
        #expect(stopped.interruption?.reason == .remoteLimit)
        #expect(stopped.interruption?.message.contains("Too many jobs in queue") == true)
        #expect(stopped.apiCalls[Self.create.leads] == 1)
        let token = try #require(try store.streamPosition(connection: "marketo", stream: "leads")?.pageToken)
        let jobID = String(token.split(separator: "|", omittingEmptySubsequences: false)[4])
        #expect(!jobID.isEmpty)
        // When the other jobs are done, the rerun enqueues the stored job instead of creating another
        for _ in 0..<6 { try await other.status(queued[0]) }
        let rerun = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: downloads), connection: "marketo",
            mapping: mapping)
        #expect(rerun.interruption == nil)
        #expect(rerun.apiCalls[Self.create.leads] == Self.windowsBetween(since, token) - 1)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 300)
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") == 1_800)
    }

    @Test("an instance without the updatedAt lead filter (1035) is exported by createdAt")
    func createdAtFallback() async throws {
        try await withSandbox(Self.config { $0.marketoUpdatedAtFilter = false }) { sandbox in
            let mapping = try PullFixtures.mapping("marketo")
            let since = Self.since(sandbox)
            let store = try PullFixtures.temporaryStore()
            let report = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketoBulk(sandbox, since: since, downloads: try PullFixtures.temporaryFolder()),
                connection: "marketo", mapping: mapping)
            #expect(report.interruption == nil)
            #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts") == 300)
            let paged = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(paged).run(
                source: PullFixtures.marketoPaged(sandbox, since: since), connection: "marketo", mapping: mapping)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(paged))
        }
    }
}

/// Another integration of the same Marketo instance, sharing its export queue.
struct OtherIntegration {
    let base: URL
    let token: String
    let session: URLSession

    init(_ sandbox: RunningSandbox) async throws {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        session = URLSession(configuration: configuration)
        base = sandbox.baseURL(for: .marketo)
        let url = URL(string: base.absoluteString + "/identity/oauth/token?grant_type=client_credentials&client_id="
            + SandboxCredentials.marketoClientID + "&client_secret=" + SandboxCredentials.marketoClientSecret)!
        let (data, _) = try await session.data(from: url)
        token = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["access_token"] as? String ?? ""
    }

    func call(_ method: String, _ path: String, json: Any? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: base.absoluteString + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await session.data(for: request)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// A lead job created and queued; its id.
    func enqueuedJob() async throws -> String {
        let created = try await call("POST", "/bulk/v1/leads/export/create.json", json: [
            "fields": ["id"], "filter": ["createdAt": ["startAt": "2026-01-01T00:00:00Z",
                                                      "endAt": "2026-01-02T00:00:00Z"]]])
        let id = ((created["result"] as? [[String: Any]])?.first?["exportId"] as? String) ?? ""
        _ = try await call("POST", "/bulk/v1/leads/export/\(id)/enqueue.json")
        return id
    }

    /// A status request, which moves the export queue on.
    func status(_ id: String) async throws {
        _ = try await call("GET", "/bulk/v1/leads/export/\(id)/status.json")
    }
}

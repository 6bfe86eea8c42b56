import Foundation
import GRDB
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Pull: kill -9 of the leadbridge process")
struct PullKillTests {
    /// The `leadbridge` executable built beside the test bundle.
    static let binary: URL? = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("leadbridge")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }()

    init() { PullFixtures.avoidProxies() }

    @Test("a pull killed with SIGKILL mid-way, then rerun, ends with the content of a clean pull")
    func killNineAndRerun() async throws {
        // `swift test` builds the executable (the CLI test target depends on it); a missing one is a failure.
        _ = try #require(Self.binary, "the leadbridge executable is not built beside the tests")
        try await withSandbox(SandboxConfiguration(contacts: 2_000, activitiesPerContact: 0)) { sandbox in
            let mapping = try PullFixtures.mapping("hubspot")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            // Given a slow pull (50 a page, each answer delayed) by the real executable
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pull-kill-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let storePath = folder.appendingPathComponent("store.sqlite").path
            let configPath = folder.appendingPathComponent("leadbridge.yml").path
            try """
                store: \(storePath)
                connections:
                  hubspot:
                    kind: hubspot
                    base_url: \(sandbox.baseURL(for: .hubspot).absoluteString)
                    token: ${HS_TOKEN}
                    mapping: \(PullFixtures.repositoryRoot.path)/Mappings/hubspot.yml
                    page_size: "50"
                """.write(toFile: configPath, atomically: true, encoding: .utf8)
            await sandbox.injectFault(SandboxFault(kind: .delay, count: 30, vendor: .hubspot,
                                                   pathContains: "search", delayMilliseconds: 60))
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["pull", "hubspot", "--config", configPath, "--json"]
            var environment = ProcessInfo.processInfo.environment
            environment["HS_TOKEN"] = SandboxCredentials.hubSpotAccessToken
            environment["no_proxy"] = "127.0.0.1,localhost"
            process.environment = environment
            let errorPath = folder.appendingPathComponent("stderr.txt").path
            FileManager.default.createFile(atPath: errorPath, contents: nil)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle(forWritingAtPath: errorPath)
            try process.run()
            // When it is killed once a few pages are committed (read-only polling: the process owns migrations)
            var stored = 0
            for _ in 0..<1_500 where stored < 200 && process.isRunning {
                try await Task.sleep(for: .milliseconds(10))
                guard FileManager.default.fileExists(atPath: storePath) else { continue }
                var configuration = Configuration()
                configuration.readonly = true
                guard let queue = try? DatabaseQueue(path: storePath, configuration: configuration) else { continue }
                stored = (try? await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") })
                    ?? 0
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            #expect(process.terminationReason == .uncaughtSignal, "leadbridge ended on its own: \(stderr)")
            let store = try LeadStore(path: storePath)
            let atKill = try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts")
            #expect(atKill >= 200 && atKill < 2_000)
            #expect(try store.streamCursor(connection: "hubspot", stream: "contacts") != nil)
            // Then a rerun resumes and the content equals the clean pull's
            let rerun = try await PullFixtures.puller(store).run(
                source: PullFixtures.hubSpot(sandbox), connection: "hubspot", mapping: mapping)
            #expect(try #require(rerun.streams.first?.read) < 2_000)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }

    @Test("a Pardot pull killed with SIGKILL mid-way, then rerun, ends with the content of a clean pull")
    func killNineAndRerunPardot() async throws {
        _ = try #require(Self.binary, "the leadbridge executable is not built beside the tests")
        try await withSandbox(SandboxConfiguration(contacts: 2_000, activitiesPerContact: 1)) { sandbox in
            let mapping = try PullFixtures.mapping("pardot")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(
                source: PullFixtures.pardot(sandbox), connection: "pardot", mapping: mapping)
            // Given a slow pull (50 a page, each answer delayed) by the real executable
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pull-kill-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let storePath = folder.appendingPathComponent("store.sqlite").path
            let configPath = folder.appendingPathComponent("leadbridge.yml").path
            try """
                store: \(storePath)
                connections:
                  pardot:
                    kind: pardot
                    base_url: \(sandbox.baseURL(for: .pardot).absoluteString)
                    login_url: \(sandbox.baseURL(for: .salesforce).absoluteString)
                    business_unit_id: \(SandboxCredentials.pardotBusinessUnitID)
                    client_id: ${SF_ID}
                    client_secret: ${SF_SECRET}
                    mapping: \(PullFixtures.repositoryRoot.path)/Mappings/pardot.yml
                    page_size: "50"
                """.write(toFile: configPath, atomically: true, encoding: .utf8)
            await sandbox.injectFault(SandboxFault(kind: .delay, count: 40, vendor: .pardot,
                                                   pathContains: "prospect", delayMilliseconds: 60))
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["pull", "pardot", "--config", configPath, "--json"]
            var environment = ProcessInfo.processInfo.environment
            environment["SF_ID"] = SandboxCredentials.salesforceClientID
            environment["SF_SECRET"] = SandboxCredentials.salesforceClientSecret
            environment["no_proxy"] = "127.0.0.1,localhost"
            process.environment = environment
            let errorPath = folder.appendingPathComponent("stderr.txt").path
            FileManager.default.createFile(atPath: errorPath, contents: nil)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle(forWritingAtPath: errorPath)
            try process.run()
            // When it is killed once a few pages are committed
            var stored = 0
            for _ in 0..<1_500 where stored < 200 && process.isRunning {
                try await Task.sleep(for: .milliseconds(10))
                guard FileManager.default.fileExists(atPath: storePath) else { continue }
                var configuration = Configuration()
                configuration.readonly = true
                guard let queue = try? DatabaseQueue(path: storePath, configuration: configuration) else { continue }
                stored = (try? await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") })
                    ?? 0
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            #expect(process.terminationReason == .uncaughtSignal, "leadbridge ended on its own: \(stderr)")
            let store = try LeadStore(path: storePath)
            let atKill = try PullFixtures.count(store, "SELECT COUNT(*) FROM contacts")
            #expect(atKill >= 200 && atKill < 2_000)
            #expect(try store.streamCursor(connection: "pardot", stream: "prospects") != nil)
            // Then a rerun resumes from the prospects' cursor and the content equals the clean pull's
            let rerun = try await PullFixtures.puller(store).run(
                source: PullFixtures.pardot(sandbox), connection: "pardot", mapping: mapping)
            #expect(try #require(rerun.streams.first?.read) < 2_000)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }

    @Test("a Marketo pull killed with SIGKILL while paging activities resumes at the stored page token")
    func killNineMarketo() async throws {
        _ = try #require(Self.binary, "the leadbridge executable is not built beside the tests")
        try await withSandbox(SandboxConfiguration(contacts: 400, activitiesPerContact: 6)) { sandbox in
            let mapping = try PullFixtures.mapping("marketo")
            let clean = try PullFixtures.temporaryStore()
            _ = try await PullFixtures.puller(clean).run(
                source: PullFixtures.marketo(sandbox), connection: "marketo", mapping: mapping)
            // Given a slow pull (50 a page, each activities answer delayed) by the real executable
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pull-kill-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let storePath = folder.appendingPathComponent("store.sqlite").path
            let configPath = folder.appendingPathComponent("leadbridge.yml").path
            try """
                store: \(storePath)
                connections:
                  marketo:
                    kind: marketo
                    base_url: \(sandbox.baseURL(for: .marketo).absoluteString)
                    client_id: ${MK_ID}
                    client_secret: ${MK_SECRET}
                    mapping: \(PullFixtures.repositoryRoot.path)/Mappings/marketo.yml
                    page_size: "50"
                """.write(toFile: configPath, atomically: true, encoding: .utf8)
            await sandbox.injectFault(SandboxFault(kind: .delay, count: 200, vendor: .marketo,
                                                   pathContains: "activities.json", delayMilliseconds: 60))
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["pull", "marketo", "--config", configPath, "--json"]
            var environment = ProcessInfo.processInfo.environment
            environment["MK_ID"] = SandboxCredentials.marketoClientID
            environment["MK_SECRET"] = SandboxCredentials.marketoClientSecret
            environment["no_proxy"] = "127.0.0.1,localhost"
            process.environment = environment
            let errorPath = folder.appendingPathComponent("stderr.txt").path
            FileManager.default.createFile(atPath: errorPath, contents: nil)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle(forWritingAtPath: errorPath)
            try process.run()
            // When it is killed once a few pages of activities are committed
            var stored = 0
            for _ in 0..<3_000 where stored < 300 && process.isRunning {
                try await Task.sleep(for: .milliseconds(10))
                guard FileManager.default.fileExists(atPath: storePath) else { continue }
                var configuration = Configuration()
                configuration.readonly = true
                guard let queue = try? DatabaseQueue(path: storePath, configuration: configuration) else { continue }
                stored = (try? await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activities") })
                    ?? 0
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            #expect(process.terminationReason == .uncaughtSignal, "leadbridge ended on its own: \(stderr)")
            let store = try LeadStore(path: storePath)
            let atKill = try PullFixtures.count(store, "SELECT COUNT(*) FROM activities")
            #expect(atKill >= 300 && atKill < 2_400)
            let token = try store.streamPosition(connection: "marketo", stream: "activities")?.pageToken
            #expect(token?.hasPrefix("marketo1|0|") == true)
            // Then a rerun resumes at the page after the last stored one and ends with the clean content
            let rerun = try await PullFixtures.puller(store).run(
                source: PullFixtures.marketo(sandbox), connection: "marketo", mapping: mapping)
            let activities = try #require(rerun.streams.first { $0.stream == "activities" })
            #expect(activities.read <= 2_400 - atKill)
            #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        }
    }


    @Test("a Marketo bulk first load killed with SIGKILL while polling its job resumes that job on rerun")
    func killNineMarketoBulk() async throws {
        _ = try #require(Self.binary, "the leadbridge executable is not built beside the tests")
        try await withSandbox(SandboxConfiguration(contacts: 400, activitiesPerContact: 6, now: Date())) { sandbox in
            try await Self.killNineMarketoBulk(sandbox)
        }
    }

    static func killNineMarketoBulk(_ sandbox: RunningSandbox) async throws {
        let mapping = try PullFixtures.mapping("marketo")
        // A load of about two months: three 31-day windows per stream, so that the calls stay under Marketo's
        // 100 per 20 s, which the executable paces to on the real clock
        let day = Int64(sandbox.configuration.now.timeIntervalSince1970 / 86_400) - 62
        let since = Date(timeIntervalSince1970: Double(day * 86_400))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pull-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storePath = folder.appendingPathComponent("store.sqlite").path
        let configPath = folder.appendingPathComponent("leadbridge.yml").path
        // Given a bulk first load by the real executable, polling its jobs every second
        try """
            store: \(storePath)
            connections:
              marketo:
                kind: marketo
                base_url: \(sandbox.baseURL(for: .marketo).absoluteString)
                client_id: ${MK_ID}
                client_secret: ${MK_SECRET}
                mapping: \(PullFixtures.repositoryRoot.path)/Mappings/marketo.yml
                first_load: bulk
                first_load_since: \(String(ISO8601DateFormatter().string(from: since).prefix(10)))
                bulk_poll_seconds: 1
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["pull", "marketo", "--config", configPath, "--json"]
        var environment = ProcessInfo.processInfo.environment
        environment["MK_ID"] = SandboxCredentials.marketoClientID
        environment["MK_SECRET"] = SandboxCredentials.marketoClientSecret
        environment["no_proxy"] = "127.0.0.1,localhost"
        process.environment = environment
        let errorPath = folder.appendingPathComponent("stderr.txt").path
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        // When it is killed once the first leads job's id is stored (it then waits a second before each status)
        var token: String?
        for _ in 0..<1_500 where token == nil && process.isRunning {
            try await Task.sleep(for: .milliseconds(10))
            guard FileManager.default.fileExists(atPath: storePath) else { continue }
            var configuration = Configuration()
            configuration.readonly = true
            guard let queue = try? DatabaseQueue(path: storePath, configuration: configuration) else { continue }
            let stored = try? await queue.read { db in
                try String.fetchOne(db, sql: "SELECT page_token FROM stream_state WHERE stream = 'leads'")
            }
            if let stored, stored.hasPrefix("marketo-bulk1|"),
               !stored.split(separator: "|", omittingEmptySubsequences: false)[4].isEmpty {
                token = stored
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        #expect(process.terminationReason == .uncaughtSignal, "leadbridge ended on its own: \(stderr)")
        let stored = try #require(token)
        let createsAtKill = await sandbox.callCounts()["marketo POST /bulk/v1/leads/export/create.json"] ?? 0
        #expect(createsAtKill == 1)
        // Then a rerun polls the stored job instead of creating another, and ends with a clean load's content
        let store = try LeadStore(path: storePath)
        let rerun = try await PullFixtures.puller(store).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: folder), connection: "marketo",
            mapping: mapping)
        #expect(rerun.interruption == nil)
        let end = try #require(Int64(stored.split(separator: "|")[1]))
        let windows = Int((end - day * 86_400_000 + 31 * 86_400_000 - 1) / (31 * 86_400_000))
        #expect(await sandbox.callCounts()["marketo POST /bulk/v1/leads/export/create.json"] == windows)
        let clean = try PullFixtures.temporaryStore()
        _ = try await PullFixtures.puller(clean).run(
            source: PullFixtures.marketoBulk(sandbox, since: since, downloads: folder), connection: "marketo",
            mapping: mapping)
        #expect(try PullFixtures.contentDump(store) == PullFixtures.contentDump(clean))
        #expect(try PullFixtures.count(store, "SELECT COUNT(*) FROM activities") > 0)
    }
}

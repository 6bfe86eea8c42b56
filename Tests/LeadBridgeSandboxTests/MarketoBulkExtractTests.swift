import Foundation
import LeadBridgeSampleData
import LeadBridgeSandbox
import Testing

/// A Marketo bulk extract session over loopback: the token, then the `/bulk/v1/…/export` endpoints.
struct BulkClient {
    let client: TestClient
    let auth: [String: String]

    init(_ sandbox: RunningSandbox) async throws {
        client = TestClient(sandbox)
        let reply = try await client.send("GET", "/marketo/identity/oauth/token?grant_type=client_credentials"
            + "&client_id=\(SandboxCredentials.marketoClientID)"
            + "&client_secret=\(SandboxCredentials.marketoClientSecret)")
        auth = ["Authorization": "Bearer \(reply.object["access_token"] as? String ?? "")"]
    }

    func create(_ kind: String, _ body: [String: Any]) async throws -> TestClient.Reply {
        try await client.send("POST", "/marketo/bulk/v1/\(kind)/export/create.json", headers: auth, json: body)
    }

    func call(_ method: String, _ kind: String, _ id: String, _ action: String,
              headers: [String: String] = [:]) async throws -> TestClient.Reply {
        try await client.send(method, "/marketo/bulk/v1/\(kind)/export/\(id)/\(action)",
                              headers: auth.merging(headers) { a, _ in a })
    }

    /// The job of a create/enqueue/status/cancel answer.
    static func job(_ reply: TestClient.Reply) -> [String: Any] {
        (reply.object["result"] as? [[String: Any]])?.first ?? [:]
    }

    static func error(_ reply: TestClient.Reply) -> (code: String?, message: String?) {
        let first = (reply.object["errors"] as? [[String: Any]])?.first
        return (first?["code"] as? String, first?["message"] as? String)
    }

    /// A leads job by `createdAt` over the range, created and enqueued; its id.
    func enqueuedLeadJob(from start: String, to end: String) async throws -> String {
        let created = try await create("leads", ["fields": ["id", "email"], "format": "CSV",
                                                 "filter": ["createdAt": ["startAt": start, "endAt": end]]])
        let id = try #require(Self.job(created)["exportId"] as? String)
        let queued = try await call("POST", "leads", id, "enqueue.json")
        #expect(Self.job(queued)["status"] as? String == "Queued")
        return id
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// An instant before the sandbox's start, as the export filters take it.
private func daysAgo(_ days: Double) -> String {
    BulkClient.iso(SampleDataGenerator.defaultNow.addingTimeInterval(-days * 86_400))
}

@Suite("Marketo Bulk Extract over loopback", .timeLimit(.minutes(2)))
struct MarketoBulkExtractTests {
    static let config = SandboxConfiguration(seed: 5, contacts: 320, activitiesPerContact: 4)

    /// Its CSV has the fields asked, every lead created in the range, its size and SHA-256 checksum, and is served
    /// whole or by `Range`.
    @Test("a lead job goes Created → Queued → Processing → Completed, then serves its CSV whole or by Range")
    func leadLifecycle() async throws {
        try await withSandbox(Self.config) { sandbox in try await Self.leadLifecycle(sandbox) }
    }

    static func leadLifecycle(_ sandbox: RunningSandbox) async throws {
        let bulk = try await BulkClient(sandbox)
        let (start, end) = (daysAgo(200), daysAgo(170))
        // Given a job for the leads created in 30 days
        let created = try await bulk.create("leads", [
            "fields": ["id", "email", "firstName", "leadScore", "title"], "format": "CSV",
            "filter": ["createdAt": ["startAt": start, "endAt": end]],
        ])
        #expect(created.status == 200 && created.object["success"] as? Bool == true)
        let id = try #require(BulkClient.job(created)["exportId"] as? String)
        #expect(BulkClient.job(created)["status"] as? String == "Created")
        // Its file is a plain-text 404 until it completes
        let early = try await bulk.call("GET", "leads", id, "file.json")
        #expect(early.status == 404 && early.header("Content-Type")?.hasPrefix("text/plain") == true)
        // Status does not move a job nobody enqueued
        #expect(BulkClient.job(try await bulk.call("GET", "leads", id, "status.json"))["status"] as? String
            == "Created")
        let queued = try await bulk.call("POST", "leads", id, "enqueue.json")
        #expect(BulkClient.job(queued)["status"] as? String == "Queued")
        #expect(BulkClient.job(queued)["queuedAt"] != nil)
        let again = try await bulk.call("POST", "leads", id, "enqueue.json")
        #expect(BulkClient.error(again).code == "1029" && BulkClient.error(again).message == "Job already queued")
        let processing = BulkClient.job(try await bulk.call("GET", "leads", id, "status.json"))
        #expect(processing["status"] as? String == "Processing" && processing["startedAt"] != nil)
        #expect(processing["fileSize"] == nil)
        let completed = BulkClient.job(try await bulk.call("GET", "leads", id, "status.json"))
        #expect(completed["status"] as? String == "Completed" && completed["finishedAt"] != nil)
        let records = try #require(completed["numberOfRecords"] as? Int)
        let size = try #require(completed["fileSize"] as? Int)
        let checksum = try #require(completed["fileChecksum"] as? String)
        // Then the file holds a header of the fields asked and one row per lead created in the range
        let file = try await bulk.call("GET", "leads", id, "file.json")
        #expect(file.status == 200 && file.data.count == size)
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "id,email,firstName,leadScore,title")
        #expect(lines.count - 1 == records && records > 5)
        #expect(checksum == "sha256:" + (try sha256sum(file.data)))
        let ids = lines.dropFirst().compactMap { Int($0.split(separator: ",").first ?? "") }
        let expected = try await leadsCreated(bulk, from: start, to: end)
        #expect(ids.sorted() == expected)
        // And ranges of it put together are the whole file
        let head = try await bulk.call("GET", "leads", id, "file.json", headers: ["Range": "bytes=0-99"])
        #expect(head.status == 206 && head.header("Content-Range") == "bytes 0-99/\(size)")
        #expect(head.header("Accept-Ranges") == "bytes")
        let tail = try await bulk.call("GET", "leads", id, "file.json", headers: ["Range": "bytes=100-"])
        #expect(tail.status == 206 && tail.header("Content-Range") == "bytes 100-\(size - 1)/\(size)")
        #expect(head.data + tail.data == file.data)
        let outside = try await bulk.call("GET", "leads", id, "file.json", headers: ["Range": "bytes=\(size)-"])
        #expect(outside.status == 416)
        // The jobs are listed with their status
        let listed = try await bulk.client.send("GET", "/marketo/bulk/v1/leads/export.json?status=Completed",
                                                headers: bulk.auth)
        #expect((listed.object["result"] as? [[String: Any]])?.compactMap { $0["exportId"] as? String } == [id])
    }

    /// The ids of the leads created in the range, read through `leads.json` (another path than the export).
    static func leadsCreated(_ bulk: BulkClient, from start: String, to end: String) async throws -> [Int] {
        var ids: [Int] = []
        for first in stride(from: 1, through: 320, by: 300) {
            let list = (first...min(first + 299, 320)).map(String.init).joined(separator: ",")
            let reply = try await bulk.client.send("GET", "/marketo/rest/v1/leads.json?filterType=id&filterValues="
                + list + "&fields=id,createdAt", headers: bulk.auth)
            for lead in reply.object["result"] as? [[String: Any]] ?? [] {
                guard let created = lead["createdAt"] as? String, let id = lead["id"] as? Int else { continue }
                if created >= start && created <= end { ids.append(id) }
            }
        }
        return ids.sorted()
    }

    static func sha256sum(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-\(UUID().uuidString).csv")
        try data.write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(text.prefix(64))
    }

    @Test("an activity job's CSV has the documented columns and the activities activities.json pages for them")
    func activityFile() async throws {
        try await withSandbox(Self.config) { sandbox in try await Self.activityFile(sandbox) }
    }

    static func activityFile(_ sandbox: RunningSandbox) async throws {
        let bulk = try await BulkClient(sandbox)
        let (start, end) = (daysAgo(60), daysAgo(30))
        let created = try await bulk.create("activities", [
            "format": "CSV", "filter": ["createdAt": ["startAt": start, "endAt": end], "activityTypeIds": [1, 2, 11]],
        ])
        let id = try #require(BulkClient.job(created)["exportId"] as? String)
        _ = try await bulk.call("POST", "activities", id, "enqueue.json")
        _ = try await bulk.call("GET", "activities", id, "status.json")
        let completed = BulkClient.job(try await bulk.call("GET", "activities", id, "status.json"))
        #expect(completed["status"] as? String == "Completed")
        let file = try await bulk.call("GET", "activities", id, "file.json")
        let rows = file.text.split(separator: "\n").map(String.init)
        #expect(rows.first == "marketoGUID,leadId,activityDate,activityTypeId,campaignId,primaryAttributeValueId,"
            + "primaryAttributeValue,attributes")
        #expect(rows.count - 1 == completed["numberOfRecords"] as? Int)
        // Every row's last column is a quoted JSON object of the activity's attributes
        for row in rows.dropFirst() {
            let quoted = try #require(row.range(of: ",\"{")).lowerBound
            let json = String(row[row.index(quoted, offsetBy: 2)...].dropLast()).replacingOccurrences(of: "\"\"",
                                                                                                      with: "\"")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) is [String: Any])
        }
        // And the GUIDs are those activities.json pages for the same types and dates
        var token = try #require(try await bulk.client.send(
            "GET", "/marketo/rest/v1/activities/pagingtoken.json?sinceDatetime=\(start)", headers: bulk.auth)
            .object["nextPageToken"] as? String)
        var paged: [String] = []
        var more = true
        while more {
            let reply = try await bulk.client.send("GET", "/marketo/rest/v1/activities.json?activityTypeIds=1,2,11"
                + "&nextPageToken=\(TestClient.encode(token))", headers: bulk.auth)
            for activity in reply.object["result"] as? [[String: Any]] ?? [] {
                if let date = activity["activityDate"] as? String, date <= end {
                    paged.append(activity["marketoGUID"] as? String ?? "")
                }
            }
            token = reply.object["nextPageToken"] as? String ?? token
            more = reply.object["moreResult"] as? Bool == true
        }
        #expect(rows.dropFirst().map { String($0.prefix { $0 != "," }) }.sorted() == paged.sorted())
        #expect(paged.count > 20)
    }

    @Test("two jobs process at once, ten are queued at most: one more answers 1029 Too many jobs in queue")
    func queueLimits() async throws {
        try await withSandbox(Self.config) { sandbox in try await Self.queueLimits(sandbox) }
    }

    static func queueLimits(_ sandbox: RunningSandbox) async throws {
        let bulk = try await BulkClient(sandbox)
        var ids: [String] = []
        for day in 0..<10 {
            ids.append(try await bulk.enqueuedLeadJob(from: daysAgo(Double(300 - day * 10)),
                                                      to: daysAgo(Double(290 - day * 10))))
        }
        // Given ten jobs queued, an eleventh is created but not queued
        let created = try await bulk.create("leads", ["fields": ["id"], "filter": [
            "createdAt": ["startAt": daysAgo(20), "endAt": daysAgo(10)]]])
        let eleventh = try #require(BulkClient.job(created)["exportId"] as? String)
        let refused = try await bulk.call("POST", "leads", eleventh, "enqueue.json")
        #expect(BulkClient.error(refused).code == "1029")
        #expect(BulkClient.error(refused).message == "Too many jobs in queue")
        // When the queue moves on (a status request), two jobs process and the others wait
        func statuses() async throws -> [String] {
            var all: [String] = []
            for id in ids {
                let reply = try await bulk.call("GET", "leads", id, "status.json")
                all.append(BulkClient.job(reply)["status"] as? String ?? "")
            }
            return all
        }
        let first = try await statuses()
        // (the ten status requests moved the queue ten steps: two jobs at a time, each processing for one step)
        #expect(first.filter { $0 == "Processing" }.count <= 2)
        #expect(first.filter { $0 == "Completed" }.count + first.filter { $0 == "Processing" }.count
            + first.filter { $0 == "Queued" }.count == 10)
        // Then with room in the queue, the eleventh is accepted
        let accepted = try await bulk.call("POST", "leads", eleventh, "enqueue.json")
        #expect(BulkClient.job(accepted)["status"] as? String == "Queued")
    }

    @Test("the queue moves one step per status request: at most two Processing, oldest queued first")
    func twoProcessing() async throws {
        try await withSandbox(Self.config) { sandbox in
            let bulk = try await BulkClient(sandbox)
            var ids: [String] = []
            for day in 0..<3 {
                ids.append(try await bulk.enqueuedLeadJob(from: daysAgo(Double(100 - day * 10)),
                                                          to: daysAgo(Double(90 - day * 10))))
            }
            func status(_ id: String) async throws -> String {
                let reply = try await bulk.client.send("GET", "/marketo/bulk/v1/leads/export.json", headers: bulk.auth)
                let jobs = reply.object["result"] as? [[String: Any]] ?? []
                return jobs.first { $0["exportId"] as? String == id }?["status"] as? String ?? ""
            }
            // One step: the two oldest start, the third waits
            _ = try await bulk.call("GET", "leads", ids[2], "status.json")
            #expect(try await status(ids[0]) == "Processing")
            #expect(try await status(ids[1]) == "Processing")
            #expect(try await status(ids[2]) == "Queued")
            // The next: the two complete, the third starts
            _ = try await bulk.call("GET", "leads", ids[2], "status.json")
            #expect(try await status(ids[0]) == "Completed")
            #expect(try await status(ids[1]) == "Completed")
            #expect(try await status(ids[2]) == "Processing")
        }
    }

    @Test("once the day's export bytes are spent, create and enqueue answer 1029 Export daily quota exceeded")
    func dailyQuota() async throws {
        var config = Self.config
        config.rateLimits.marketoExportBytesPerDay = 1
        try await withSandbox(config) { sandbox in
            let bulk = try await BulkClient(sandbox)
            let first = try await bulk.enqueuedLeadJob(from: daysAgo(200), to: daysAgo(170))
            let waiting = try #require(BulkClient.job(try await bulk.create("leads", ["fields": ["id"], "filter": [
                "createdAt": ["startAt": daysAgo(100), "endAt": daysAgo(90)]]]))["exportId"] as? String)
            _ = try await bulk.call("GET", "leads", first, "status.json")
            let done = BulkClient.job(try await bulk.call("GET", "leads", first, "status.json"))
            #expect(done["status"] as? String == "Completed" && (done["fileSize"] as? Int ?? 0) > 1)
            let refused = try await bulk.create("leads", ["fields": ["id"], "filter": [
                "createdAt": ["startAt": daysAgo(50), "endAt": daysAgo(40)]]])
            #expect(BulkClient.error(refused).code == "1029")
            #expect(BulkClient.error(refused).message == "Export daily quota exceeded")
            let notQueued = try await bulk.call("POST", "leads", waiting, "enqueue.json")
            #expect(BulkClient.error(notQueued).message == "Export daily quota exceeded")
            // The file of the completed job can still be downloaded
            #expect(try await bulk.call("GET", "leads", first, "file.json").status == 200)
        }
    }

    /// At most 31 days, createdAt required for activities, one lead filter type, updatedAt only where the
    /// subscription has it (1035), known fields, no Delete Lead.
    @Test("create checks its filter and fields: 31 days at most, 1035 for an unsupported filter, 1006 for a field")
    func filterChecks() async throws {
        var config = Self.config
        config.marketoUpdatedAtFilter = false
        try await withSandbox(config) { sandbox in try await Self.filterChecks(sandbox) }
    }

    static func filterChecks(_ sandbox: RunningSandbox) async throws {
        let bulk = try await BulkClient(sandbox)
        func code(_ kind: String, _ body: [String: Any]) async throws -> (code: String?, message: String?) {
            BulkClient.error(try await bulk.create(kind, body))
        }
        let start = "2026-01-01T00:00:00Z"
        let tooLong = try await code("leads", ["fields": ["id"], "filter": [
            "createdAt": ["startAt": start, "endAt": "2026-02-01T00:00:01Z"]]])
        #expect(tooLong.code == "1003" && tooLong.message?.contains("31 days") == true)
        #expect(try await code("leads", ["fields": ["id"], "filter": [
            "createdAt": ["startAt": start, "endAt": "2026-02-01T00:00:00Z"]]]).code == nil)
        #expect(try await code("activities", ["filter": [
            "createdAt": ["startAt": start, "endAt": "2026-02-15T00:00:00Z"]]]).code == "1003")
        #expect(try await code("activities", ["filter": ["activityTypeIds": [1]]]).code == "1003")
        #expect(try await code("activities", ["filter": [
            "createdAt": ["startAt": start, "endAt": "2026-01-15T00:00:00Z"], "activityTypeIds": [37]]]).code
            == "1003")
        #expect(try await code("leads", ["fields": ["id"], "filter": [
            "createdAt": ["startAt": start, "endAt": "2026-01-15T00:00:00Z"],
            "updatedAt": ["startAt": start, "endAt": "2026-01-15T00:00:00Z"]]]).code == "1003")
        let unsupported = try await code("leads", ["fields": ["id"], "filter": [
            "updatedAt": ["startAt": start, "endAt": "2026-01-15T00:00:00Z"]]])
        #expect(unsupported.code == "1035")
        #expect(unsupported.message == "Unsupported filter type for target subscription")
        #expect(try await code("leads", ["fields": ["id", "jobTitle"], "filter": [
            "createdAt": ["startAt": start, "endAt": "2026-01-15T00:00:00Z"]]]).code == "1006")
        #expect(try await code("leads", ["filter": [
            "createdAt": ["startAt": start, "endAt": "2026-01-15T00:00:00Z"]]]).code == "1003")
    }

    @Test("a failed job (exportFailure fault) and a cancelled one have no file; a completed file expires")
    func failureCancelExpiry() async throws {
        var config = Self.config
        // Long enough that a loaded full run (answers taking seconds) still reads the file before it expires.
        config.marketoExportFileRetention = .seconds(20)
        try await withSandbox(config) { sandbox in
            let bulk = try await BulkClient(sandbox)
            let failing = try await bulk.enqueuedLeadJob(from: daysAgo(200), to: daysAgo(170))
            await sandbox.injectFault(SandboxFault(kind: .exportFailure, vendor: .marketo, pathContains: failing))
            let failed = BulkClient.job(try await bulk.call("GET", "leads", failing, "status.json"))
            #expect(failed["status"] as? String == "Failed" && failed["fileSize"] == nil)
            #expect(try await bulk.call("GET", "leads", failing, "file.json").status == 404)
            let cancelling = try await bulk.enqueuedLeadJob(from: daysAgo(100), to: daysAgo(90))
            let cancelled = try await bulk.call("POST", "leads", cancelling, "cancel.json")
            #expect(BulkClient.job(cancelled)["status"] as? String == "Cancelled")
            #expect(BulkClient.error(try await bulk.call("POST", "leads", cancelling, "cancel.json")).code == "1003")
            let unknown = try await bulk.call("GET", "leads", UUID().uuidString.lowercased(), "status.json")
            #expect(BulkClient.error(unknown).code == "1003")
            // A completed file is served within its retention only
            let kept = try await bulk.enqueuedLeadJob(from: daysAgo(60), to: daysAgo(40))
            _ = try await bulk.call("GET", "leads", kept, "status.json")
            _ = try await bulk.call("GET", "leads", kept, "status.json")
            #expect(try await bulk.call("GET", "leads", kept, "file.json").status == 200)
            try await Task.sleep(for: .seconds(21))
            #expect(try await bulk.call("GET", "leads", kept, "file.json").status == 404)
            #expect(BulkClient.job(try await bulk.call("GET", "leads", kept, "status.json"))["status"] as? String
                == "Completed")
        }
    }
}

import Foundation
import LeadBridgeSandbox
import Testing

@Suite("Test controls, faults and persistence")
struct ControlTests {
    static let config = SandboxConfiguration(seed: 3, contacts: 120, activitiesPerContact: 2)

    @Test("injected 503 and 429 hit the next requests only, then service resumes")
    func statusFaults() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let queued = try await client.send("POST", "/__sandbox/faults", json: [
                ["kind": "status", "status": 503, "count": 2, "vendor": "hubspot"],
                ["kind": "rateLimit", "count": 1, "vendor": "hubspot"],
            ])
            #expect(queued.status == 200)
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=1").status)
            }
            #expect(statuses == [503, 503, 429, 200])
        }
    }

    @Test("truncated bodies and dropped connections surface as client errors; delays delay")
    func connectionFaults() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            await sandbox.injectFault(SandboxFault(kind: .truncate, vendor: .hubspot))
            await #expect(throws: (any Error).self) {
                _ = try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=100")
            }
            await sandbox.injectFault(SandboxFault(kind: .drop, vendor: .hubspot))
            await #expect(throws: (any Error).self) {
                _ = try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=5")
            }
            await sandbox.injectFault(SandboxFault(kind: .delay, vendor: .hubspot, delayMilliseconds: 300))
            let started = ContinuousClock.now
            let delayed = try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=1")
            #expect(delayed.status == 200)
            #expect(started.duration(to: .now) >= .milliseconds(300))
            let after = try await client.hubSpot("GET", "/crm/v3/objects/contacts?limit=1")
            #expect(after.status == 200)
        }
    }

    @Test("the log shows writes and per-endpoint call counts; reset clears them")
    func logAndReset() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            _ = try await client.hubSpot("GET", "/crm/v3/objects/contacts/5")
            _ = try await client.hubSpot("GET", "/crm/v3/objects/contacts/6")
            _ = try await client.hubSpot("PATCH", "/crm/v3/objects/contacts/5",
                                         json: ["properties": ["jobtitle": "CTO"]])
            let log = try await client.send("GET", "/__sandbox/log")
            let calls = log.object["calls"] as? [String: Int] ?? [:]
            #expect(calls["hubspot GET /crm/v3/objects/contacts/{id}"] == 2)
            #expect(calls["hubspot PATCH /crm/v3/objects/contacts/{id}"] == 1)
            let writes = log.object["writes"] as? [[String: Any]] ?? []
            #expect(writes.count == 1)
            #expect((writes.first?["body"] as? String)?.contains("CTO") == true)
            _ = try await client.send("POST", "/__sandbox/reset")
            let cleared = try await client.send("GET", "/__sandbox/log")
            #expect((cleared.object["writes"] as? [Any])?.isEmpty == true)
            let contact = try await client.hubSpot("GET", "/crm/v3/objects/contacts/5?properties=jobtitle")
            #expect((contact.object["properties"] as? [String: Any])?["jobtitle"] as? String != "CTO")
        }
    }

    @Test("a rep edit bumps the modified time, so an incremental search finds it")
    func repEdit() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let edit = try await client.send("POST", "/__sandbox/edit", json: [
                "vendor": "hubspot", "id": "9", "fields": ["lifecyclestage": "lead"],
            ])
            let stamp = try #require(edit.object["modifiedAt"] as? String)
            let search = try await client.hubSpot("POST", "/crm/v3/objects/contacts/search", json: [
                "filterGroups": [["filters": [["propertyName": "lastmodifieddate", "operator": "GTE",
                                               "value": stamp]]]],
                "properties": ["lifecyclestage"],
            ])
            let results = search.object["results"] as? [[String: Any]] ?? []
            #expect(results.map { $0["id"] as? String } == ["9"])
        }
    }

    @Test("with a state file, writes survive a restart; another data set is refused")
    func persistence() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sandbox-state-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var config = Self.config
        config.statePath = path
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let reply = try await client.hubSpot("PATCH", "/crm/v3/objects/contacts/3",
                                                 json: ["properties": ["leadbridge_score": "88"]])
            #expect(reply.status == 200)
        }
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let reply = try await client.hubSpot("GET", "/crm/v3/objects/contacts/3?properties=leadbridge_score")
            #expect((reply.object["properties"] as? [String: Any])?["leadbridge_score"] as? String == "88")
            #expect(await sandbox.writeLog().count == 1)
        }
        config.seed = 4
        await #expect(throws: SandboxError.self) {
            try await withSandbox(config) { _ in }
        }
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import LeadBridge
import LeadBridgeSandbox
import Testing

/// `plan`, `push` and `conflicts` as a user runs them: files, exit codes and messages.
@Suite("Push: the commands")
struct PushCommandTests {
    @Test("the guard exits 2 naming the share; a saved plan applies with --allow-mass-change; conflicts list and resolve")
    func guardPlanAndConflicts() async throws {
        setenv("no_proxy", "127.0.0.1,localhost", 1)
        try await withSandbox(SandboxConfiguration(contacts: 120, activitiesPerContact: 3)) { sandbox in
            let project = try TestProject()
            try CheckPicklistTests.writeConfig(project, sandbox: sandbox, salesforceMapping: "salesforce.yml")
            // Given scores that someone already set on 40 of HubSpot's contacts, then a pull and a scoring
            for id in 1...40 {
                try await Self.edit(sandbox, vendor: "hubspot", object: "contacts", id: String(id),
                                            fields: ["leadbridge_score": "1000"])
            }
            for arguments in [["pull", "hubspot"], ["score"]] {
                let outcome = try await CheckPicklistTests.run(arguments, in: project)
                #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            }
            // When a push would overwrite them
            let refused = try await CheckPicklistTests.run(["push", "hubspot"], in: project)
            // Then it exits 2 and says how many, which share and what to do
            #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
            #expect(refused.stderr.contains("more than push_max_change_percent 20%"), "\(refused.stderr)")
            #expect(refused.stderr.contains("--allow-mass-change"))
            // And a saved plan (JSON and HTML) applies with --allow-mass-change
            let plan = try await CheckPicklistTests.run(
                ["plan", "hubspot", "--out", "plan.json", "--html", "plan.html"], in: project)
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout.contains("push` needs --allow-mass-change"), "\(plan.stdout)")
            let html = try String(contentsOfFile: project.path("plan.html"), encoding: .utf8)
            #expect(html.contains("<table") && html.contains("leadbridge_score"))
            let applied = try await CheckPicklistTests.run(["push", "--plan", "plan.json", "--allow-mass-change"],
                                                           in: project)
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            #expect(applied.stdout.contains("pushed to hubspot"))

            // Given a rep's change to a written score, and new scores
            try await Self.edit(sandbox, vendor: "hubspot", object: "contacts", id: "50",
                                        fields: ["leadbridge_score": "77777"])
            try project.store.writeForTesting { db in try db.execute(sql: "UPDATE scores SET total = total + 3") }
            // When the push runs
            let pushed = try await CheckPicklistTests.run(["push", "hubspot", "--allow-mass-change"], in: project)
            // Then it exits 3, and `conflicts` lists the rep's value
            #expect(pushed.status == 3, "\(pushed.stdout)\(pushed.stderr)")
            let listed = try await CheckPicklistTests.run(["conflicts", "--json"], in: project)
            let conflicts = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
            let conflict = try #require(conflicts.first { $0["record"] as? String == "50" })
            #expect(conflict["theirs"] as? String == "77777")
            // And resolving it --keep closes it
            let id = try #require(conflict["id"] as? Int)
            let resolved = try await CheckPicklistTests.run(["conflicts", "resolve", String(id), "--keep"],
                                                            in: project)
            #expect(resolved.status == 0, "\(resolved.stderr)")
            let after = try await CheckPicklistTests.run(["conflicts"], in: project)
            #expect(!after.stdout.contains("77777"), "\(after.stdout)")
        }
    }

    /// A rep's edit in the sandbox (`POST /__sandbox/edit`).
    static func edit(_ sandbox: RunningSandbox, vendor: String, object: String, id: String, fields: [String: String])
        async throws
    {
        var request = URLRequest(url: sandbox.baseURL.appendingPathComponent("__sandbox/edit"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: [
            "vendor": vendor, "object": object, "id": id, "fields": fields,
        ])
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }
}

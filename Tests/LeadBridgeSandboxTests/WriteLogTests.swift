import Foundation
@testable import LeadBridgeSandbox
import Testing

/// The write log tells a test which records each write changed and with what, pages, and folds per record.
@Suite("The write log: changes per entry, paging and summary")
struct WriteLogTests {
    static let config = SandboxConfiguration(seed: 8, contacts: 150, activitiesPerContact: 2)

    @Test("each entry lists the records and fields that took effect, for every kind of write")
    func changesPerEntry() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            // Given a contact at salesqualifiedlead and another one
            let read = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/read", json: [
                "inputs": (1...60).map { (id: Int) -> [String: String] in ["id": "\(id)"] },
                "properties": ["lifecyclestage"],
            ])
            let advanced = try #require((read.object["results"] as? [[String: Any]] ?? []).first {
                ($0["properties"] as? [String: Any])?["lifecyclestage"] as? String == "salesqualifiedlead"
            }?["id"] as? String)
            let other = advanced == "1" ? "2" : "1"
            // When a batch moves the first back to lead (refused) with a score, scores the other, and names an
            // unknown id; then the same batch again
            let batch: [String: Any] = ["inputs": [
                ["id": advanced, "properties": ["lifecyclestage": "lead", "leadbridge_score": "77"]],
                ["id": other, "properties": ["leadbridge_score": "5"]],
                ["id": "999999", "properties": ["leadbridge_score": "1"]],
            ]]
            let updated = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/update", json: batch)
            #expect(updated.status == 207)
            #expect(try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/update", json: batch).status
                == 207)
            // (the answer shows each contact as it is after the write: the refused stage, the new score and stamp)
            let answered = Dictionary(uniqueKeysWithValues: (updated.object["results"] as? [[String: Any]] ?? []).map {
                ($0["id"] as? String ?? "", $0)
            })
            #expect(answered.keys.sorted() == [advanced, other].sorted())
            #expect(answered[advanced]?["properties"] as? [String: String]
                == ["lifecyclestage": "salesqualifiedlead", "leadbridge_score": "77"])
            let otherProperties = answered[other]?["properties"] as? [String: String] ?? [:]
            #expect(otherProperties.keys.sorted() == ["leadbridge_score", "lifecyclestage"])
            #expect(otherProperties["leadbridge_score"] == "5")
            // … and Salesforce takes a collection with an unknown id, a single PATCH, and a rep edits a lead
            let token = try await client.salesforceToken()
            let leads = try await client.soql("SELECT Id FROM Lead ORDER BY Id LIMIT 3", token: token)
            let ids = (leads.object["records"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
            try #require(ids.count == 3)
            let records: [[String: Any]] = [
                ["attributes": ["type": "Lead"], "id": ids[0], "Lead_Score__c": 10],
                ["attributes": ["type": "Lead"], "id": "00QSb0999999999", "Lead_Score__c": 11],
                ["attributes": ["type": "Lead"], "id": String(ids[1].prefix(15)), "Lead_Score__c": 12,
                 "Lifecycle_Stage__c": "MQL"],
            ]
            let collection = try await client.salesforce("PATCH", "/services/data/v60.0/composite/sobjects",
                                                         token: token, json: ["allOrNone": false, "records": records])
            #expect(collection.status == 200)
            #expect(try await client.salesforce("PATCH", "/services/data/v60.0/sobjects/Lead/\(ids[2])", token: token,
                                                json: ["Lead_Score__c": nil as Int?]).status == 204)
            #expect(try await client.send("POST", "/__sandbox/edit", json: [
                "vendor": "salesforce", "id": ids[0], "fields": ["Lifecycle_Stage__c": "Qualified"],
            ]).status == 200)

            // Then the log says what took effect, record by record
            let log = await sandbox.writeLog()
            #expect(log.map(\.sequence) == [1, 2, 3, 4, 5])
            let (first, second) = (Int(advanced)!, Int(other)!)
            let scored = [
                SandboxRecordChange(object: "hubspot.contacts", id: advanced, fields: ["leadbridge_score": "77"]),
                SandboxRecordChange(object: "hubspot.contacts", id: other, fields: ["leadbridge_score": "5"]),
            ]
            #expect(log[0].changes == (first < second ? scored : scored.reversed()))
            #expect(log[0].recordsChanged == 2)
            #expect(answered.values.allSatisfy { $0["updatedAt"] as? String == log[0].at })
            #expect(log[1].changes.isEmpty, "the same values again change nothing")
            #expect(log[2].changes == [
                SandboxRecordChange(object: "salesforce.Lead", id: ids[0], fields: ["Lead_Score__c": "10.0"]),
                SandboxRecordChange(object: "salesforce.Lead", id: ids[1],
                                    fields: ["Lead_Score__c": "12.0", "Lifecycle_Stage__c": "MQL"]),
            ])
            #expect(log[3].changes == [SandboxRecordChange(object: "salesforce.Lead", id: ids[2],
                                                           fields: ["Lead_Score__c": String?.none])])
            #expect(log[4].vendor == "rep")
            #expect(log[4].changes == [SandboxRecordChange(object: "salesforce.Lead", id: ids[0],
                                                           fields: ["Lifecycle_Stage__c": "Qualified"])])
            // … and over HTTP, in the same shape as the Swift type
            let reply = try await client.send("GET", "/__sandbox/log")
            struct Page: Decodable {
                var writes: [SandboxWriteLogEntry]
                var calls: [String: Int]
                var lastSequence: Int
            }
            let page = try JSONDecoder().decode(Page.self, from: reply.data)
            #expect(page.writes == log)
            for entry in log {
                var written: [UInt8] = []
                entry.writeJSON(into: &written)
                #expect(written == entry.json.serialized(), "entry \(entry.sequence) as the JSON value writes it")
            }
            #expect(page.lastSequence == 5)
            #expect(page.calls["hubspot POST /crm/v3/objects/contacts/batch/update"] == 2)
        }
    }

    @Test("since and limit page through the log; summary folds it per record; bad bounds are refused")
    func pagingAndSummary() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            // Given five batch updates over overlapping contacts, the last one setting nothing new
            let batches = [["1", "2"], ["2", "3"], ["3"], ["1"], ["1"]]
            for (number, ids) in batches.enumerated() {
                let score = number == 4 ? "3" : String(number)
                let reply = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/update", json: [
                    "inputs": ids.map { ["id": $0, "properties": ["leadbridge_score": score]] },
                ])
                #expect(reply.status == 200)
            }
            // When the log is read after the second write, two at a time
            var sequences: [Int] = []
            var since = 2
            while true {
                let page = try await client.send("GET", "/__sandbox/log?since=\(since)&limit=2")
                let writes = page.object["writes"] as? [[String: Any]] ?? []
                sequences += writes.compactMap { $0["sequence"] as? Int }
                #expect(page.object["lastSequence"] as? Int == 5)
                guard let last = writes.last?["sequence"] as? Int, last < 5 else { break }
                since = last
            }
            // Then the pages hold the later writes once each
            #expect(sequences == [3, 4, 5])
            #expect(await sandbox.writeLog(since: 3).map(\.sequence) == [4, 5])

            // And the summary counts the writes that changed each record, with each field's last value
            let summary = try await client.send("GET", "/__sandbox/log?summary=true")
            #expect(summary.status == 200)
            #expect(summary.object["entries"] as? Int == 5)
            #expect(summary.object["lastSequence"] as? Int == 5)
            let records = summary.object["records"] as? [String: [String: Any]] ?? [:]
            #expect(Set(records.keys) == ["hubspot.contacts/1", "hubspot.contacts/2", "hubspot.contacts/3"])
            let one = records["hubspot.contacts/1"] ?? [:]
            #expect(one["writes"] as? Int == 2, "the fifth write set the value it already had")
            #expect(one["lastSequence"] as? Int == 4)
            #expect(one["fields"] as? [String: Int] == ["leadbridge_score": 2])
            #expect(one["values"] as? [String: String] == ["leadbridge_score": "3"])
            #expect((records["hubspot.contacts/3"]?["writes"] as? Int) == 2)
            #expect((summary.object["calls"] as? [String: Int])?["hubspot POST /crm/v3/objects/contacts/batch/update"]
                == 5)
            let later = try await client.send("GET", "/__sandbox/log?summary=true&since=3")
            #expect((later.object["records"] as? [String: Any])?.keys.sorted() == ["hubspot.contacts/1"])

            for bad in ["since=-1", "since=x", "limit=0"] {
                let refused = try await client.send("GET", "/__sandbox/log?\(bad)")
                #expect(refused.status == 400, "\(bad)")
            }
        }
    }

    @Test("with a state file, the entries' changes survive a restart")
    func persisted() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sandbox-log-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var config = Self.config
        config.statePath = path
        let before = try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let reply = try await client.hubSpot("POST", "/crm/v3/objects/contacts/batch/update", json: [
                "inputs": [["id": "4", "properties": ["leadbridge_score": "40", "jobtitle": ""]]],
            ])
            #expect(reply.status == 200)
            return await sandbox.writeLog()
        }
        #expect(before.first?.changes.first?.fields == ["leadbridge_score": "40", "jobtitle": ""])
        try await withSandbox(config) { sandbox in
            #expect(await sandbox.writeLog() == before)
            let client = TestClient(sandbox)
            _ = try await client.hubSpot("PATCH", "/crm/v3/objects/contacts/4",
                                         json: ["properties": ["leadbridge_score": "41"]])
            #expect(await sandbox.writeLog().map(\.sequence) == [1, 2])
        }
    }
}

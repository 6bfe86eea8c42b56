import Foundation
import LeadBridge
@testable import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

/// The Salesforce push side against the sandbox over loopback: reads by `Id IN (…)`, sObject Collections writes with
/// per-record results, conditional single-record writes, and writes whose outcome is unknown.
@Suite("Push: Salesforce sink against the sandbox", .timeLimit(.minutes(3)))
struct SalesforceSinkTests {
    init() { PullFixtures.avoidProxies() }

    static let query = "salesforce GET /services/data/v60.0/queryAll"
    static let collections = "salesforce PATCH /services/data/v60.0/composite/sobjects"
    static let record = "salesforce PATCH /services/data/v60.0/sobjects/Lead/{id}"

    @Test("current values of 450 Leads take 3 queries of at most 200 ids; empty values are absent")
    func readsInQueriesOf200() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 3_000, activitiesPerContact: 0)) { sandbox in
            // Given 450 Lead ids and a sink with the Salesforce limits
            let source = PullFixtures.salesforce(sandbox)
            let ids = Array(try await Self.ids(of: "Lead", source).prefix(450))
            try #require(ids.count == 450)
            let sink = SalesforceSink(source: source)
            #expect(sink.limits == SinkLimits(readBatch: 200, writeBatch: 200, conditionalWrites: true))
            let before = await sandbox.callCounts()[Self.query] ?? 0

            // When the planner reads them in batches of the sink's read size
            var values: [RemoteValues] = []
            for start in stride(from: 0, to: ids.count, by: sink.limits.readBatch) {
                let batch = Array(ids[start..<min(start + sink.limits.readBatch, ids.count)])
                values += try await sink.currentValues(object: "Lead", keys: batch,
                                                       fields: ["Lead_Score__c", "Lifecycle_Stage__c"])
            }

            // Then 3 queries brought every record once, with its modification time; the unset score is absent
            #expect((await sandbox.callCounts()[Self.query] ?? 0) - before == 3)
            #expect(values.map(\.key).sorted() == ids.sorted())
            #expect(values.allSatisfy { $0.modifiedAt != nil && $0.fields["Lead_Score__c"] == nil })
            #expect(values.allSatisfy { $0.fields["Lifecycle_Stage__c"] != nil })
        }
    }

    @Test("keys that are not record ids never reach the query; a 15-character id comes back as it was given")
    func keysAreChecked() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 0)) { sandbox in
            let source = PullFixtures.salesforce(sandbox)
            let ids = try await Self.ids(of: "Lead", source)
            let sink = SalesforceSink(source: source)
            // Given an 18-character id, the 15-character form of another, and a key that tries to widen the query
            let short = String(ids[1].prefix(15))
            let hostile = "x') OR Id != ('"
            // When their values are read
            let values = try await sink.currentValues(object: "Lead", keys: [ids[0], short, hostile],
                                                      fields: ["Lifecycle_Stage__c"])
            // Then exactly the two records come back, under the keys as given
            #expect(values.map(\.key).sorted() == [ids[0], short].sorted())
            // And a field name that is not an API name is refused before any query
            await #expect(throws: APIError.self) {
                try await sink.currentValues(object: "Lead", keys: [ids[0]], fields: ["Name FROM User --"])
            }
        }
    }

    @Test("200 records are one collections call: a bad picklist value is rejected, the other 199 are written")
    func collectionWrite() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 2_000, activitiesPerContact: 0)) { sandbox in
            // Given 200 Leads, one of which gets a stage the restricted picklist does not have
            let source = PullFixtures.salesforce(sandbox)
            let ids = Array(try await Self.ids(of: "Lead", source).prefix(200))
            try #require(ids.count == 200)
            let sink = SalesforceSink(source: source)
            let changes = ids.enumerated().map { index, id in
                RecordWrite(key: id, fields: ["Lead_Score__c": String(index + 1),
                                              "Lifecycle_Stage__c": index == 17 ? "Bogus Stage" : "MQL"])
            }

            // When they are written
            let outcome = try await sink.write(object: "Lead", changes)

            // Then one call answered record by record, in order
            guard case .answered(let results) = outcome else {
                Issue.record("expected an answer, got \(outcome)")
                return
            }
            #expect(await sandbox.callCounts()[Self.collections] == 1)
            #expect(results.map(\.key) == ids)
            #expect(results.filter { $0.status == .written }.count == 199)
            #expect(results[17].status == .rejected)
            #expect(results[17].errors.map(\.code) == ["INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"])
            #expect(results[17].errors.first?.fields == ["Lifecycle_Stage__c"])
            // And the score went as a JSON number, the documented type of a double field
            let body = try #require(await sandbox.writeLog().last { $0.path.contains("composite/sobjects") }?.body)
            #expect(body.contains(#""allOrNone":false"#))
            #expect(body.contains(#""Lead_Score__c":1,"#) || body.contains(#""Lead_Score__c":1}"#),
                    "\(body.prefix(300))")
            #expect(!body.contains(#""Lead_Score__c":"1""#))

            // And reading back shows the written scores (as written, not `1.0`) and the rejected record untouched
            let back = try await sink.currentValues(object: "Lead", keys: ids, fields: ["Lead_Score__c"])
            let scores = Dictionary(back.map { ($0.key, $0.fields["Lead_Score__c"]) }) { first, _ in first }
            #expect(scores[ids[0]] == "1")
            #expect(scores[ids[199]] == "200")
            #expect(scores[ids[17]] == .some(nil))

            // When a score is cleared with an empty value, it goes as null and reads back absent
            let cleared = try await sink.write(object: "Lead", [
                RecordWrite(key: ids[0], fields: ["Lead_Score__c": ""]),
            ])
            #expect(cleared == .answered([RecordWriteResult(key: ids[0], status: .written)]))
            let clearBody = await sandbox.writeLog().last?.body ?? ""
            #expect(clearBody.contains(#""Lead_Score__c":null"#), "\(clearBody)")
            let after = try await sink.currentValues(object: "Lead", keys: [ids[0]], fields: ["Lead_Score__c"])
            #expect(after.first?.fields == [:])
        }
    }

    @Test("a conditional write after a rep's edit is changedRemotely and writes nothing; the others go through")
    func conditionalWrite() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 0)) { sandbox in
            let source = PullFixtures.salesforce(sandbox)
            let ids = Array(try await Self.ids(of: "Lead", source).prefix(3))
            let sink = SalesforceSink(source: source)
            // Given the planner read three Leads
            let read = try await sink.currentValues(object: "Lead", keys: ids, fields: ["Lead_Score__c"])
            let modified = Dictionary(read.map { ($0.key, $0.modifiedAt) }) { first, _ in first }
            // And then a sales rep edited the first in Salesforce
            try await PullFixtures.edit(sandbox, vendor: "salesforce", object: "Lead", id: ids[0],
                                        fields: ["Lifecycle_Stage__c": "Qualified"])

            // When LeadBridge writes all three conditionally (the third with a stage the picklist lacks)
            let outcome = try await sink.write(object: "Lead", [
                RecordWrite(key: ids[0], fields: ["Lead_Score__c": "64"], unmodifiedSince: modified[ids[0]] ?? nil),
                RecordWrite(key: ids[1], fields: ["Lead_Score__c": "65"], unmodifiedSince: modified[ids[1]] ?? nil),
                RecordWrite(key: ids[2], fields: ["Lifecycle_Stage__c": "Bogus"],
                            unmodifiedSince: modified[ids[2]] ?? nil),
            ])

            // Then each went as its own PATCH: the edited one answered 412, the second was written, the third refused
            guard case .answered(let results) = outcome else {
                Issue.record("expected an answer, got \(outcome)")
                return
            }
            #expect(results.map(\.key) == ids)
            #expect(results.map(\.status) == [.changedRemotely, .written, .rejected])
            #expect(results[0].errors.map(\.code) == ["PRECONDITION_FAILED"])
            #expect(results[2].errors.map(\.code) == ["INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"])
            #expect(results[2].errors.first?.fields == ["Lifecycle_Stage__c"])
            let calls = await sandbox.callCounts()
            #expect(calls[Self.record] == 3, "\(calls)")
            #expect(calls[Self.collections] == nil)
            // And the rep's record kept the rep's value and got no score
            let back = try await sink.currentValues(object: "Lead", keys: ids,
                                                    fields: ["Lead_Score__c", "Lifecycle_Stage__c"])
            let first = try #require(back.first { $0.key == ids[0] })
            #expect(first.fields["Lead_Score__c"] == nil)
            #expect(first.fields["Lifecycle_Stage__c"] == "Qualified")
            #expect(back.first { $0.key == ids[1] }?.fields["Lead_Score__c"] == "65")
        }
    }

    @Test("a dropped collections call, or a dropped conditional PATCH, is 'outcome unknown' and sent once")
    func droppedWrites() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 0)) { sandbox in
            let source = PullFixtures.salesforce(sandbox)
            let ids = Array(try await Self.ids(of: "Lead", source).prefix(3))
            let sink = SalesforceSink(source: source)
            // Given the sandbox drops the connection of the next collections call, after applying it
            await sandbox.injectFault(SandboxFault(kind: .drop, vendor: .salesforce,
                                                   pathContains: "composite/sobjects"))
            // When a batch is written
            let outcome = try await sink.write(object: "Lead", [
                RecordWrite(key: ids[0], fields: ["Lead_Score__c": "12"]),
                RecordWrite(key: ids[1], fields: ["Lead_Score__c": "13"]),
            ])
            // Then its outcome is unknown and it was not resent
            guard case .outcomeUnknown = outcome else {
                Issue.record("expected outcome unknown, got \(outcome)")
                return
            }
            #expect(await sandbox.callCounts()[Self.collections] == 1)

            // Given the next conditional PATCH of the third Lead drops the same way
            let read = try await sink.currentValues(object: "Lead", keys: [ids[2]], fields: ["Lead_Score__c"])
            await sandbox.injectFault(SandboxFault(kind: .drop, vendor: .salesforce, pathContains: ids[2]))
            // When a batch with an unconditional and that conditional record is written
            let mixed = try await sink.write(object: "Lead", [
                RecordWrite(key: ids[0], fields: ["Lead_Score__c": "22"]),
                RecordWrite(key: ids[2], fields: ["Lead_Score__c": "23"], unmodifiedSince: read.first?.modifiedAt),
            ])
            // Then the whole batch is 'outcome unknown' (to be read again and re-planned), each request sent once
            guard case .outcomeUnknown = mixed else {
                Issue.record("expected outcome unknown, got \(mixed)")
                return
            }
            let calls = await sandbox.callCounts()
            #expect(calls[Self.collections] == 2)
            #expect(calls[Self.record] == 1)
        }
    }

    @Test("an access token that expires before a write is refreshed once and the write is answered")
    func sessionRefresh() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 300, activitiesPerContact: 0)) { sandbox in
            let grant = SalesforceGrant.refreshToken(
                clientID: Secret(SandboxCredentials.salesforceClientID), clientSecret: nil,
                refreshToken: Secret(SandboxCredentials.salesforceRefreshToken))
            let source = PullFixtures.salesforce(sandbox, grant: grant)
            let ids = Array(try await Self.ids(of: "Lead", source).prefix(2))
            let sink = SalesforceSink(source: source)
            // Given the token expires just before the collections call
            await sandbox.injectFault(SandboxFault(kind: .tokenExpiry, vendor: .salesforce,
                                                   pathContains: "composite/sobjects"))
            // When a batch is written
            let outcome = try await sink.write(object: "Lead", ids.map {
                RecordWrite(key: $0, fields: ["Lead_Score__c": "40"])
            })
            // Then one new token was fetched and both records were written
            #expect(outcome == .answered(ids.map { RecordWriteResult(key: $0, status: .written) }))
            #expect(await source.tokens.fetches == 2)
        }
    }

    /// The ids of an object's records, through SOQL.
    static func ids(of object: String, _ source: SalesforceSource) async throws -> [String] {
        var response = try await source.queryAll("SELECT Id FROM \(object)")
        var ids = response.records.compactMap { $0.fields["Id"] }
        while !response.done, let next = response.nextRecordsUrl {
            response = try await source.queryMore(next)
            ids += response.records.compactMap { $0.fields["Id"] }
        }
        return ids
    }
}

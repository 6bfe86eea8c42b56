import Foundation
import LeadBridge
@testable import LeadBridgeConnectors
import LeadBridgeSandbox
import Testing

@Suite("Push: Salesforce Bulk API 2.0 ingest against the sandbox")
struct SalesforceBulkIngestTests {
    init() { PullFixtures.avoidProxies() }

    static let v = "/services/data/v60.0/jobs/ingest"
    static let leadStream = PullStream(name: "Lead", object: "Lead", kind: .contacts)

    static func leadIDs(_ source: SalesforceSource, count: Int) async throws -> [String] {
        let response = try await source.queryAll("SELECT Id FROM Lead ORDER BY Id LIMIT \(count)")
        return response.records.compactMap { $0.fields["Id"] }
    }

    /// The records' current values through SOQL (`WHERE Id IN (…)`, 200 ids a query).
    static func read(_ source: SalesforceSource, _ ids: [String], fields: [String]) async throws
        -> [String: [String: String]]
    {
        var values: [String: [String: String]] = [:]
        for start in stride(from: 0, to: ids.count, by: 200) {
            let batch = Array(ids[start..<min(start + 200, ids.count)])
            let keyed = try await source.records(keyed: batch, request: PullRequest(
                stream: leadStream, modifiedSince: nil, fields: fields))
            for record in keyed.records { values[record.fields["Id"] ?? ""] = record.fields }
        }
        return values
    }

    @Test("1,000 Leads in one job: the bad picklist values are rejected with the API's error, the rest written")
    func thousandLeads() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 2_500, activitiesPerContact: 0)) { sandbox in
            let source = PullFixtures.salesforce(sandbox, batchSize: 2_000)
            let ids = try await Self.leadIDs(source, count: 1_000)
            try #require(ids.count == 1_000)
            // Given scores and stages for 1,000 Leads, four of them with a stage the picklist does not have, one
            // title with a comma and quotes, one title cleared
            let bad: Set<Int> = [7, 123, 500, 999]
            var changes = ids.enumerated().map { index, id in
                RecordWrite(key: id, fields: ["Lead_Score__c": "\(index % 100)",
                                              "Lifecycle_Stage__c": bad.contains(index) ? "Bogus \(index)" : "MQL"])
            }
            changes[1].fields["Title"] = "VP, \"Growth\""
            changes[2].fields["Title"] = ""
            let clock = SteppingClock()
            let bulk = SalesforceBulkIngest(source: source, pollInterval: .milliseconds(500), clock: clock)
            // When they go through one bulk job
            let job = try await bulk.openBulkJob(object: "Lead")
            try await bulk.uploadAndClose(jobID: job, object: "Lead", changes)
            let outcome = try await bulk.bulkResults(jobID: job)
            // Then every record has a result: exactly the four bad ones rejected with the API's code and field
            guard case .finished(let results) = outcome else {
                Issue.record("expected a finished job, got \(outcome)")
                return
            }
            #expect(results.count == 1_000)
            #expect(Set(results.compactMap(\.key)) == Set(ids))
            let rejected = results.filter { $0.status == .rejected }
            #expect(Set(rejected.compactMap(\.key)) == Set(bad.map { ids[$0] }))
            for result in rejected {
                let error = try #require(result.errors.first)
                #expect(error.code == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
                #expect(error.fields == ["Lifecycle_Stage__c"])
                #expect(error.message.contains("bad value for restricted picklist field: Bogus"), "\(error)")
            }
            #expect(results.filter { $0.status == .written }.count == 996)
            // And SOQL reads the written values back; the rejected records kept theirs
            let values = try await Self.read(source, ids, fields: ["Lead_Score__c", "Lifecycle_Stage__c", "Title"])
            #expect(values.count == 1_000)
            for (index, id) in ids.enumerated() {
                let record = values[id] ?? [:]
                if bad.contains(index) {
                    #expect(record["Lead_Score__c"] == nil, "\(record)")
                    #expect(record["Lifecycle_Stage__c"]?.hasPrefix("Bogus") == false)
                } else {
                    #expect(record["Lead_Score__c"].flatMap(Double.init) == Double(index % 100), "\(record)")
                    #expect(record["Lifecycle_Stage__c"] == "MQL")
                }
            }
            #expect(values[ids[1]]?["Title"] == "VP, \"Growth\"")
            #expect(values[ids[2]]?["Title"] == nil)
            #expect(values[ids[3]]?["Title"]?.isEmpty == false)
            // And the sandbox logged one write of 996 records; the calls are the minimum for one job
            let writes = await sandbox.writeLog().filter { $0.path.contains("/jobs/ingest") }
            #expect(writes.map(\.recordsChanged) == [996])
            let calls = await source.callCounts()
            #expect(calls["POST \(Self.v)"] == 1)
            #expect(calls["PUT \(Self.v)/{id}/batches"] == 1)
            #expect(calls["PATCH \(Self.v)/{id}"] == 1)
            #expect(calls["GET \(Self.v)/{id}"] == 2)
            #expect(calls["GET \(Self.v)/{id}/successfulResults"] == 1)
            #expect(calls["GET \(Self.v)/{id}/failedResults"] == 1)
            #expect(calls["GET \(Self.v)/{id}/unprocessedrecords"] == nil)
            #expect(clock.sleeps == [.milliseconds(500)])
        }
    }

    @Test("a job opened but never closed is .neverClosed, writes nothing, and aborts")
    func neverClosed() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 0)) { sandbox in
            let source = PullFixtures.salesforce(sandbox)
            let ids = try await Self.leadIDs(source, count: 3)
            let bulk = SalesforceBulkIngest(source: source, pollInterval: .seconds(1), clock: SteppingClock())
            // Given a journaled job that a crash left open
            let job = try await bulk.openBulkJob(object: "Lead")
            // When a rerun asks what it came to
            #expect(try await bulk.bulkResults(jobID: job) == .neverClosed)
            // Then it can be aborted (twice, harmlessly) and then reads as aborted, with nothing written
            try await bulk.abortBulkJob(jobID: job)
            try await bulk.abortBulkJob(jobID: job)
            #expect(try await bulk.bulkResults(jobID: job) == .failed("the job was aborted", results: []))
            let late = await #expect(throws: APIError.self) {
                try await bulk.uploadAndClose(jobID: job, object: "Lead", [RecordWrite(
                    key: ids[0], fields: ["Lead_Score__c": "1"])])
            }
            #expect(late?.status == 400)
            #expect(late?.endpoint == "PUT \(Self.v)/{id}/batches")
            #expect(await sandbox.writeLog().isEmpty)
            let values = try await Self.read(source, ids, fields: ["Lead_Score__c"])
            #expect(values.values.allSatisfy { $0["Lead_Score__c"] == nil })
        }
    }

    @Test("polling backs off on the clock up to its ceiling, gives up after maxWait, and a later ask finishes")
    func backOffAndGiveUp() async throws {
        var config = SandboxConfiguration(contacts: 200, activitiesPerContact: 0)
        config.salesforceIngestPollsInProgress = 5
        try await withSandbox(config) { sandbox in
            let source = PullFixtures.salesforce(sandbox)
            let ids = try await Self.leadIDs(source, count: 2)
            let clock = SteppingClock()
            var bulk = SalesforceBulkIngest(source: source, pollInterval: .seconds(1), maxPollInterval: .seconds(4),
                                            maxWait: .seconds(6), clock: clock)
            let job = try await bulk.openBulkJob(object: "Lead")
            try await bulk.uploadAndClose(jobID: job, object: "Lead",
                                          ids.map { RecordWrite(key: $0, fields: ["Lead_Score__c": "3"]) })
            // When the job stays in progress longer than the caller waits
            let error = await #expect(throws: APIError.self) { try await bulk.bulkResults(jobID: job) }
            // Then the waits doubled, the last one cut to the limit, and the error says not to resend
            #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(3)])
            #expect(error?.code == .outcomeUnknown)
            #expect(error?.message.contains("never upload its data again") == true)
            // And asking again later finds it done
            bulk.maxWait = .seconds(60)
            guard case .finished(let results) = try await bulk.bulkResults(jobID: job) else {
                Issue.record("expected a finished job")
                return
            }
            #expect(results.map(\.status) == [.written, .written])
            #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(3), .seconds(1)])
        }
    }

    @Test("a job that fails part-way returns what it wrote, and the rows it never reached as skipped")
    func failedPartWay() async throws {
        var config = SandboxConfiguration(contacts: 200, activitiesPerContact: 0)
        config.salesforceIngestRowsBeforeFailure = 3
        try await withSandbox(config) { sandbox in
            let source = PullFixtures.salesforce(sandbox)
            let ids = try await Self.leadIDs(source, count: 5)
            let bulk = SalesforceBulkIngest(source: source, pollInterval: .seconds(1), clock: SteppingClock())
            let job = try await bulk.openBulkJob(object: "Lead")
            try await bulk.uploadAndClose(jobID: job, object: "Lead",
                                          ids.map { RecordWrite(key: $0, fields: ["Lead_Score__c": "8"]) })
            let outcome = try await bulk.bulkResults(jobID: job)
            guard case .failed(let reason, let results) = outcome else {
                Issue.record("expected a failed job, got \(outcome)")
                return
            }
            #expect(reason.contains("after 3 rows"), "\(reason)")
            #expect(results.filter { $0.status == .written }.compactMap(\.key) == Array(ids.prefix(3)))
            let skipped = results.filter { $0.status == .skipped }
            #expect(skipped.compactMap(\.key) == Array(ids.suffix(2)))
            #expect(skipped.allSatisfy { $0.errors.first?.code == "NOT_PROCESSED" })
            #expect(await source.callCounts()["GET \(Self.v)/{id}/unprocessedrecords"] == 1)
            #expect(await sandbox.writeLog().map(\.recordsChanged) == [3])
        }
    }

    @Test("a job that fails as a whole (a field the object lacks) is .failed with the remote's reason")
    func failedWhole() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 0)) { sandbox in
            let source = PullFixtures.salesforce(sandbox)
            let ids = try await Self.leadIDs(source, count: 2)
            let bulk = SalesforceBulkIngest(source: source, pollInterval: .seconds(1), clock: SteppingClock())
            let job = try await bulk.openBulkJob(object: "Lead")
            try await bulk.uploadAndClose(jobID: job, object: "Lead",
                                          ids.map { RecordWrite(key: $0, fields: ["Nonexistent__c": "x"]) })
            let outcome = try await bulk.bulkResults(jobID: job)
            guard case .failed(let reason, let results) = outcome else {
                Issue.record("expected a failed job, got \(outcome)")
                return
            }
            #expect(reason.contains("Field name not found : Nonexistent__c"), "\(reason)")
            #expect(results.isEmpty)
            let calls = await source.callCounts()
            #expect(calls.keys.filter { $0.contains("Results") || $0.contains("unprocessed") }.isEmpty)
        }
    }

    @Test("a CSV over the upload limit is refused before sending, and its job aborted")
    func uploadLimit() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 0)) { sandbox in
            let source = PullFixtures.salesforce(sandbox)
            let ids = try await Self.leadIDs(source, count: 50)
            var bulk = SalesforceBulkIngest(source: source, pollInterval: .seconds(1), clock: SteppingClock())
            bulk.maxUploadBytes = 1_000
            let job = try await bulk.openBulkJob(object: "Lead")
            let error = await #expect(throws: APIError.self) {
                try await bulk.uploadAndClose(jobID: job, object: "Lead",
                                              ids.map { RecordWrite(key: $0, fields: ["Lead_Score__c": "12"]) })
            }
            #expect(error?.code == .badRequest)
            #expect(error?.message.contains("split the changes into jobs of at most") == true, "\(String(describing: error))")
            #expect(await source.callCounts()["PUT \(Self.v)/{id}/batches"] == nil)
            #expect(try await bulk.bulkResults(jobID: job) == .failed("the job was aborted", results: []))
        }
    }

    @Test("an access token that expires while reading results is refreshed once")
    func tokenExpiry() async throws {
        try await withSandbox(SandboxConfiguration(contacts: 200, activitiesPerContact: 0)) { sandbox in
            let source = PullFixtures.salesforce(sandbox)
            let ids = try await Self.leadIDs(source, count: 4)
            let bulk = SalesforceBulkIngest(source: source, pollInterval: .seconds(1), clock: SteppingClock())
            let job = try await bulk.openBulkJob(object: "Lead")
            try await bulk.uploadAndClose(jobID: job, object: "Lead",
                                          ids.map { RecordWrite(key: $0, fields: ["Lead_Score__c": "5"]) })
            await sandbox.injectFault(SandboxFault(kind: .tokenExpiry, count: 1, vendor: .salesforce,
                                                   pathContains: "/successfulResults"))
            let outcome = try await bulk.bulkResults(jobID: job)
            #expect(outcome == .finished(ids.map { RecordWriteResult(key: $0, status: .written) }))
            #expect(await source.tokens.fetches == 2)
        }
    }

    @Test("the upload: Id then the fields in name order, quoted where needed, #N/A to clear, one row per key")
    func csvEncoding() {
        let csv = SalesforceBulkCSV.encode([
            RecordWrite(key: "00Q1", fields: ["Title": "VP, \"Growth\"", "Lead_Score__c": "7"]),
            RecordWrite(key: "00Q2", fields: ["Lifecycle_Stage__c": "", "Title": "line\nbreak"]),
            RecordWrite(key: "00Q1", fields: ["Lead_Score__c": "8"]),
        ])
        #expect(csv.columns == ["Id", "Lead_Score__c", "Lifecycle_Stage__c", "Title"])
        #expect(csv.rows == 2)
        #expect(String(decoding: csv.data, as: UTF8.self) == """
            Id,Lead_Score__c,Lifecycle_Stage__c,Title
            00Q1,8,,"VP, ""Growth\"\"\"
            00Q2,,#N/A,"line
            break"

            """)
        let parsed = try? SalesforceBulkCSV.records(csv.data)
        #expect(parsed?[0]["Title"] == "VP, \"Growth\"")
        #expect(parsed?[1]["Title"] == "line\nbreak")
    }

    @Test("sf__Error as code, message and fields", arguments: [
        ("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:bad value for restricted picklist field: Foo:Lifecycle_Stage__c --",
         "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "bad value for restricted picklist field: Foo",
         ["Lifecycle_Stage__c"]),
        ("INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--", "INVALID_CROSS_REFERENCE_KEY",
         "invalid cross reference id", []),
        ("REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName,Company --", "REQUIRED_FIELD_MISSING",
         "Required fields are missing: [LastName]", ["LastName", "Company"]),
        ("UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record", "UNABLE_TO_LOCK_ROW",
         "unable to obtain exclusive access to this record", []),
        ("Something odd happened", "UNKNOWN_EXCEPTION", "Something odd happened", []),
    ])
    func errorText(text: String, code: String, message: String, fields: [String]) {
        #expect(SalesforceBulkResults.error(text) == RemoteRecordError(code: code, message: message, fields: fields))
    }
}

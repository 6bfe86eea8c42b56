import Foundation
import LeadBridgeSandbox
import Testing

@Suite("Salesforce Bulk API 2.0 ingest over loopback")
struct SalesforceBulkIngestTests {
    static let config = SandboxConfiguration(seed: 11, contacts: 300, activitiesPerContact: 0)
    static let jobs = "/services/data/v60.0/jobs/ingest"

    static func leadIDs(_ client: TestClient, token: String, count: Int) async throws -> [String] {
        let reply = try await client.soql("SELECT Id FROM Lead ORDER BY Id LIMIT \(count)", token: token)
        return (reply.object["records"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
    }

    static func open(_ client: TestClient, token: String, lineEnding: String = "LF") async throws -> String {
        let created = try await client.salesforce("POST", jobs, token: token, json: [
            "object": "Lead", "operation": "update", "contentType": "CSV", "lineEnding": lineEnding,
        ])
        return created.object["id"] as? String ?? ""
    }

    static func upload(_ client: TestClient, token: String, job: String, _ csv: String) async throws
        -> TestClient.Reply
    {
        try await client.send("PUT", "/salesforce\(jobs)/\(job)/batches",
                              headers: ["Authorization": "Bearer \(token)", "Content-Type": "text/csv"],
                              body: Data(csv.utf8))
    }

    static func lines(_ reply: TestClient.Reply) -> [String] {
        reply.text.split(separator: "\n").map(String.init)
    }

    @Test("a job goes Open → UploadComplete → InProgress → JobComplete; results name each row with the API's error")
    func lifecycleAndResults() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let ids = try await Self.leadIDs(client, token: token, count: 4)
            // Given an open update job on Lead
            let created = try await client.salesforce("POST", Self.jobs, token: token, json: [
                "object": "Lead", "operation": "update", "contentType": "CSV", "lineEnding": "LF",
            ])
            #expect(created.status == 200)
            let job = try #require(created.object["id"] as? String)
            #expect(job.hasPrefix("750"))
            #expect(created.object["state"] as? String == "Open")
            #expect(created.object["contentUrl"] as? String == "services/data/v60.0/jobs/ingest/\(job)/batches")
            let early = try await client.salesforce("GET", "\(Self.jobs)/\(job)/successfulResults/", token: token)
            #expect(early.status == 400)
            // When its CSV is uploaded (a quoted comma, an empty value, #N/A, a bad picklist value, an unknown id)
            let csv = [
                "Id,Lifecycle_Stage__c,Lead_Score__c,Title",
                "\(ids[0]),MQL,71,\"Director, Marketing\"",
                "\(ids[1]),,#N/A,",
                "\(ids[2]),Nope,5,",
                "00QSb0999999999,MQL,5,",
                "\(ids[3]),Sales Accepted,,\"Say \"\"hi\"\"\"",
            ].joined(separator: "\n") + "\n"
            let uploaded = try await Self.upload(client, token: token, job: job, csv)
            #expect(uploaded.status == 201)
            #expect(try await Self.upload(client, token: token, job: "750Sb0000000999", csv).status == 404)
            let closed = try await client.salesforce("PATCH", "\(Self.jobs)/\(job)", token: token,
                                                     json: ["state": "UploadComplete"])
            #expect(closed.status == 200)
            #expect(closed.object["state"] as? String == "UploadComplete")
            let again = try await client.salesforce("PATCH", "\(Self.jobs)/\(job)", token: token,
                                                    json: ["state": "UploadComplete"])
            #expect(again.status == 400)
            #expect(again.array.first?["errorCode"] as? String == "INVALIDJOBSTATE")
            // Then polling shows it in progress, then complete, with the counts
            let first = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
            #expect(first.object["state"] as? String == "InProgress")
            let done = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
            #expect(done.object["state"] as? String == "JobComplete")
            #expect(done.object["numberRecordsProcessed"] as? Int == 5)
            #expect(done.object["numberRecordsFailed"] as? Int == 2)
            #expect(done.object["contentUrl"] == nil)
            // And the results are CSV files with the sf__ columns before the uploaded ones
            let successful = Self.lines(try await client.salesforce(
                "GET", "\(Self.jobs)/\(job)/successfulResults/", token: token))
            #expect(successful.first == "\"sf__Id\",\"sf__Created\",Id,Lifecycle_Stage__c,Lead_Score__c,Title")
            #expect(successful.count == 4)
            #expect(successful[1] == "\"\(ids[0])\",\"false\",\"\(ids[0])\",\"MQL\",\"71\",\"Director, Marketing\"")
            let failed = Self.lines(try await client.salesforce(
                "GET", "\(Self.jobs)/\(job)/failedResults/", token: token))
            #expect(failed.first == "\"sf__Id\",\"sf__Error\",Id,Lifecycle_Stage__c,Lead_Score__c,Title")
            #expect(failed.count == 3)
            #expect(failed[1].hasPrefix("\"\(ids[2])\",\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:"))
            #expect(failed[1].contains("bad value for restricted picklist field: Nope:Lifecycle_Stage__c --\""))
            #expect(failed[2] == "\"\",\"INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--\","
                + "\"00QSb0999999999\",\"MQL\",\"5\",\"\"")
            let unprocessed = Self.lines(try await client.salesforce(
                "GET", "\(Self.jobs)/\(job)/unprocessedrecords/", token: token))
            #expect(unprocessed == ["Id,Lifecycle_Stage__c,Lead_Score__c,Title"])
            // And the records hold the values: an empty value left the field alone, #N/A cleared it
            let read = try await client.soql("SELECT Id, Lifecycle_Stage__c, Lead_Score__c, Title FROM Lead WHERE Id "
                + "IN ('\(ids[0])', '\(ids[1])', '\(ids[2])', '\(ids[3])') ORDER BY Id", token: token)
            let records = read.object["records"] as? [[String: Any]] ?? []
            #expect(records.count == 4)
            #expect(records[0]["Lead_Score__c"] as? Double == 71)
            #expect(records[0]["Title"] as? String == "Director, Marketing")
            #expect(records[1]["Lead_Score__c"] is NSNull)
            #expect((records[1]["Title"] as? String)?.isEmpty == false)
            #expect(records[2]["Lifecycle_Stage__c"] as? String != "Nope")
            #expect(records[3]["Title"] as? String == "Say \"hi\"")
            // And the write log has one entry for the job, with the records it changed
            let log = await sandbox.writeLog()
            #expect(log.count == 1)
            #expect(log.last?.recordsChanged == 3)
            #expect(log.last?.path == "\(Self.jobs)/\(job)")
            let aborted = try await client.salesforce("PATCH", "\(Self.jobs)/\(job)", token: token,
                                                      json: ["state": "Aborted"])
            #expect(aborted.status == 400)
            let calls = await sandbox.callCounts()
            #expect(calls["salesforce GET \(Self.jobs)/{id}"] == 2)
            #expect(calls["salesforce PUT \(Self.jobs)/{id}/batches"] == 2)
        }
    }

    @Test("a job never closed writes nothing and can be aborted; a second upload makes closing fail")
    func neverClosedAndAborted() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let ids = try await Self.leadIDs(client, token: token, count: 1)
            let job = try await Self.open(client, token: token)
            let csv = "Id,Lead_Score__c\n\(ids[0]),9\n"
            #expect(try await Self.upload(client, token: token, job: job, csv).status == 201)
            #expect(try await Self.upload(client, token: token, job: job, csv).status == 201)
            // An open job stays open however often it is asked about
            for _ in 0..<3 {
                let info = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
                #expect(info.object["state"] as? String == "Open")
            }
            let close = try await client.salesforce("PATCH", "\(Self.jobs)/\(job)", token: token,
                                                    json: ["state": "UploadComplete"])
            #expect(close.status == 400)
            #expect(close.array.first?["errorCode"] as? String == "INVALIDJOB")
            #expect((close.array.first?["message"] as? String)?.contains("Found multiple contents") == true)
            let abort = try await client.salesforce("PATCH", "\(Self.jobs)/\(job)", token: token,
                                                    json: ["state": "Aborted"])
            #expect(abort.status == 200)
            #expect(abort.object["state"] as? String == "Aborted")
            let info = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
            #expect(info.object["state"] as? String == "Aborted")
            #expect(info.object["numberRecordsProcessed"] as? Int == 0)
            let upload = try await Self.upload(client, token: token, job: job, csv)
            #expect(upload.status == 400)
            #expect(await sandbox.writeLog().isEmpty)
            let record = try await client.salesforce("GET", "/services/data/v60.0/sobjects/Lead/\(ids[0])",
                                                     token: token)
            #expect(record.object["Lead_Score__c"] is NSNull)
        }
    }

    @Test("a job whose data does not match its line ending or names an unknown field fails as a whole")
    func wholeJobFailures() async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let ids = try await Self.leadIDs(client, token: token, count: 2)
            let cases: [(lineEnding: String, csv: String, message: String)] = [
                ("LF", "Id,Lead_Score__c\r\n\(ids[0]),1\r\n", "LineEnding is invalid on user data"),
                ("CRLF", "Id,Lead_Score__c\n\(ids[0]),1\n", "LineEnding is invalid on user data"),
                ("LF", "Id,Lead_Scor__c\n\(ids[0]),1\n\(ids[1]),2\n", "Field name not found : Lead_Scor__c"),
            ]
            for (lineEnding, csv, message) in cases {
                let job = try await Self.open(client, token: token, lineEnding: lineEnding)
                _ = try await Self.upload(client, token: token, job: job, csv)
                _ = try await client.salesforce("PATCH", "\(Self.jobs)/\(job)", token: token,
                                                json: ["state": "UploadComplete"])
                _ = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
                let info = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
                #expect(info.object["state"] as? String == "Failed", "\(csv)")
                #expect((info.object["errorMessage"] as? String)?.contains(message) == true, "\(info.text)")
                #expect(info.object["numberRecordsProcessed"] as? Int == 0)
            }
            // A CRLF job with CRLF data is fine
            let job = try await Self.open(client, token: token, lineEnding: "CRLF")
            _ = try await Self.upload(client, token: token, job: job, "Id,Lead_Score__c\r\n\(ids[0]),1\r\n")
            _ = try await client.salesforce("PATCH", "\(Self.jobs)/\(job)", token: token,
                                            json: ["state": "UploadComplete"])
            _ = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
            let info = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
            #expect(info.object["state"] as? String == "JobComplete")
            #expect(info.object["numberRecordsProcessed"] as? Int == 1)
            #expect(await sandbox.writeLog().map(\.recordsChanged) == [0, 0, 0, 1])
        }
    }

    @Test("a job that fails part-way keeps what it wrote and lists the rest as unprocessed")
    func partialFailure() async throws {
        var config = Self.config
        config.salesforceIngestRowsBeforeFailure = 3
        try await withSandbox(config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let ids = try await Self.leadIDs(client, token: token, count: 5)
            let job = try await Self.open(client, token: token)
            let csv = "Id,Lead_Score__c\n" + ids.map { "\($0),7\n" }.joined()
            _ = try await Self.upload(client, token: token, job: job, csv)
            _ = try await client.salesforce("PATCH", "\(Self.jobs)/\(job)", token: token,
                                            json: ["state": "UploadComplete"])
            _ = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
            let info = try await client.salesforce("GET", "\(Self.jobs)/\(job)", token: token)
            #expect(info.object["state"] as? String == "Failed")
            #expect(info.object["numberRecordsProcessed"] as? Int == 3)
            let successful = Self.lines(try await client.salesforce(
                "GET", "\(Self.jobs)/\(job)/successfulResults/", token: token))
            #expect(successful.count == 4)
            let unprocessed = Self.lines(try await client.salesforce(
                "GET", "\(Self.jobs)/\(job)/unprocessedrecords/", token: token))
            #expect(unprocessed == ["Id,Lead_Score__c", "\"\(ids[3])\",\"7\"", "\"\(ids[4])\",\"7\""])
            #expect(await sandbox.writeLog().last?.recordsChanged == 3)
        }
    }

    @Test("creating a job checks the object, the operation and the CSV options", arguments: [
        (["object": "Task", "operation": "update"], "INVALIDENTITY"),
        (["object": "Lead", "operation": "insert"], "FEATURENOTENABLED"),
        (["object": "Lead", "operation": "merge"], "INVALIDJOB"),
        (["object": "Lead", "operation": "update", "lineEnding": "CR"], "INVALIDJOB"),
        (["object": "Lead", "operation": "update", "columnDelimiter": "COLON"], "INVALIDJOB"),
        (["object": "Lead", "operation": "update", "contentType": "JSON"], "INVALIDJOB"),
    ])
    func createErrors(body: [String: String], code: String) async throws {
        try await withSandbox(Self.config) { sandbox in
            let client = TestClient(sandbox)
            let token = try await client.salesforceToken()
            let reply = try await client.salesforce("POST", Self.jobs, token: token, json: body)
            #expect(reply.status == 400)
            #expect(reply.array.first?["errorCode"] as? String == code)
            let unknown = try await client.salesforce("GET", "\(Self.jobs)/750Sb0000000404", token: token)
            #expect(unknown.status == 404)
        }
    }
}

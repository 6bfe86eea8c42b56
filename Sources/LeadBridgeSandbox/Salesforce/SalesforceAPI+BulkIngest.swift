import Foundation

/// Bulk API 2.0 ingest (`update` jobs on Lead and Contact): create a job, upload its CSV in one `PUT`, close it,
/// poll its state, read the per-row results.
///
/// Documentation followed:
/// - Create a job: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm
/// - Upload job data (201, one upload per job, 150 MB of base64): https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/upload_job_data.htm
/// - Close or abort a job: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/close_job.htm
/// - Job info and states: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm
/// - Results: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm,
///   …/get_job_failed_results.htm, …/get_job_unprocessed_results.htm
/// - CSV (empty value ignored, `#N/A` sets null, line endings): https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_prepare_csv.htm
extension SalesforceAPI {
    /// A job's data may be at most 150 MB once base64-encoded (about 112 MB of CSV).
    static let ingestUploadLimit = 150 * 1024 * 1024

    /// `…/jobs/ingest[/<id>[/batches | /successfulResults | /failedResults | /unprocessedrecords]]`.
    func ingest(_ request: SandboxRequest, version: String, rest: [String]) async throws -> SandboxResponse {
        switch (request.method, rest) {
        case ("POST", []):
            return await createIngestJob(request, version: version)
        case ("GET", let r) where r.count == 1:
            guard let job = await services.ingestJobs.observe(r[0], at: services.store.clock.now()) else {
                return Self.jobNotFound()
            }
            return .json(job.info(version: version, counts: true))
        case ("PATCH", let r) where r.count == 1:
            return try await changeIngestJobState(request, id: r[0], version: version)
        case ("PUT", let r) where r.count == 2 && r[1] == "batches":
            return await uploadIngestData(request, id: r[0])
        case ("GET", let r) where r.count == 2
            && ["successfulResults", "failedResults", "unprocessedrecords"].contains(r[1]):
            return await ingestResults(id: r[0], kind: r[1])
        default:
            return Self.error(status: 404, code: "NOT_FOUND", message: "The requested resource does not exist")
        }
    }

    static func jobNotFound() -> SandboxResponse {
        error(status: 404, code: "NOT_FOUND", message: "The requested resource does not exist")
    }

    static func wrongJobState(_ state: SalesforceIngestJob.State, _ what: String) -> SandboxResponse {
        error(status: 400, code: "INVALIDJOBSTATE",
              message: "\(what) is not allowed for a job in state \(state.rawValue)")
    }

    /// `POST …/jobs/ingest` `{object, operation, contentType?, lineEnding?, columnDelimiter?}` → 200 with the
    /// job's info, `state: Open` and its `contentUrl`.
    private func createIngestJob(_ request: SandboxRequest, version: String) async -> SandboxResponse {
        guard let body = request.jsonBody()?.objectValue else {
            return Self.error(status: 400, code: "JSON_PARSER_ERROR", message: "The request body must be a JSON object")
        }
        guard let object = body["object"]?.stringValue, SalesforceRecordView.sandboxObject(object) != nil else {
            let name = body["object"]?.stringValue ?? ""
            return Self.error(status: 400, code: "INVALIDENTITY",
                              message: "Entity '\(name)' is not supported by the Bulk API in this sandbox (Lead, "
                                  + "Contact)")
        }
        let operation = body["operation"]?.stringValue ?? ""
        guard operation == "update" else {
            let known = ["insert", "upsert", "delete", "hardDelete"].contains(operation)
            return Self.error(status: 400, code: known ? "FEATURENOTENABLED" : "INVALIDJOB",
                              message: known ? "The sandbox emulates only the update operation"
                                  : "Invalid job operation: '\(operation)'")
        }
        if let contentType = body["contentType"]?.stringValue, contentType != "CSV" {
            return Self.error(status: 400, code: "INVALIDJOB", message: "Invalid contentType: '\(contentType)'; "
                + "only CSV is supported")
        }
        let endingName = body["lineEnding"]?.stringValue ?? "LF"
        guard let lineEnding = SalesforceIngestCSV.LineEnding(rawValue: endingName) else {
            return Self.error(status: 400, code: "INVALIDJOB", message: "Invalid lineEnding: '\(endingName)'")
        }
        let delimiter = body["columnDelimiter"]?.stringValue ?? "COMMA"
        guard SalesforceIngestCSV.delimiters[delimiter] != nil else {
            return Self.error(status: 400, code: "INVALIDJOB", message: "Invalid columnDelimiter: '\(delimiter)'")
        }
        let job = await services.ingestJobs.create(
            object: object, operation: operation, apiVersion: Double(version.dropFirst()) ?? 0,
            lineEnding: lineEnding, columnDelimiter: delimiter, at: services.store.clock.now())
        return .json(job.info(version: version, counts: false))
    }

    /// `PUT …/jobs/ingest/<id>/batches` (text/csv) → 201 with no body.
    private func uploadIngestData(_ request: SandboxRequest, id: String) async -> SandboxResponse {
        let base64Size = (request.body.count + 2) / 3 * 4
        guard base64Size <= Self.ingestUploadLimit else {
            return Self.error(status: 400, code: "CLIENTINPUTERROR",
                              message: "The upload is \(base64Size) bytes once base64-encoded; a job takes at most "
                                  + "150 MB (upload at most 100 MB of CSV)")
        }
        switch await services.ingestJobs.upload(id, request.body, at: services.store.clock.now()) {
        case .done: return SandboxResponse(status: 201)
        case .notFound: return Self.jobNotFound()
        case .wrongState(let state): return Self.wrongJobState(state, "Uploading data")
        case .multipleUploads: return Self.jobNotFound() // only closing reports it
        }
    }

    /// `PATCH …/jobs/ingest/<id>` `{"state": "UploadComplete" | "Aborted"}` → 200 with the job's info. Closing
    /// processes the rows at once and writes the successful ones in one logged write.
    private func changeIngestJobState(_ request: SandboxRequest, id: String, version: String) async throws
        -> SandboxResponse
    {
        guard let state = request.jsonBody()?["state"]?.stringValue else {
            return Self.error(status: 400, code: "JSON_PARSER_ERROR", message: "state is required")
        }
        let now = services.store.clock.now()
        let transition: SalesforceIngestJobs.Transition
        switch state {
        case "UploadComplete":
            transition = await services.ingestJobs.close(id, at: now)
            if case .done(let job) = transition {
                let processed = try await process(job, request: request)
                await services.ingestJobs.finish(processed)
            }
        case "Aborted":
            transition = await services.ingestJobs.abort(id, at: now)
        default:
            return Self.error(status: 400, code: "INVALIDJOBSTATE",
                              message: "Invalid state: '\(state)'; use UploadComplete or Aborted")
        }
        switch transition {
        case .done(let job): return .json(job.info(version: version, counts: false))
        case .notFound: return Self.jobNotFound()
        case .wrongState(let current): return Self.wrongJobState(current, "Changing the state to \(state)")
        case .multipleUploads:
            return Self.error(status: 400, code: "INVALIDJOB", message: "Found multiple contents for job: <\(id)>, "
                + "please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only "
                + "do 'PUT' once on a given Job.")
        }
    }

    /// Parses the job's CSV and updates each row's record with the validation of the sObject PATCH; records the
    /// successful rows in one write.
    private func process(_ job: SalesforceIngestJob, request: SandboxRequest) async throws -> SalesforceIngestJob {
        var job = job
        job.outcome = .jobComplete
        var bytes = job.uploads.first ?? []
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let table: [[String]]
        do {
            table = try SalesforceIngestCSV.parse(bytes, delimiter: SalesforceIngestCSV.delimiters[
                job.columnDelimiter] ?? UInt8(ascii: ","), lineEnding: job.lineEnding)
        } catch {
            job.outcome = .failed
            job.errorMessage = switch error {
            case .lineEnding: "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is "
                + job.lineEnding.rawValue
            case .unterminatedQuote(let row): "ClientInputError : Unterminated quoted field in row \(row)"
            case .strayQuote(let row): "ClientInputError : Text after a closing quote in row \(row)"
            }
            try await services.store.logWrite(pendingIngest(request, job: job, bytes: bytes))
            return job
        }
        guard let header = table.first else {
            try await services.store.logWrite(pendingIngest(request, job: job, bytes: bytes))
            return job
        }
        job.header = header
        job.rows = Array(table.dropFirst())
        let fields = SalesforceSchema.objects[job.object] ?? []
        var names: [String] = []
        for column in header {
            guard let field = fields.first(where: { $0.name.lowercased() == column.lowercased() }) else {
                job.outcome = .failed
                job.errorMessage = "InvalidBatch : Field name not found : \(column)"
                job.results = job.rows.map { _ in .unprocessed }
                try await services.store.logWrite(pendingIngest(request, job: job, bytes: bytes))
                return job
            }
            names.append(field.name)
        }
        let idColumn = names.firstIndex(of: "Id")
        let view = await recordView()
        let sandboxObject = SalesforceRecordView.sandboxObject(job.object)!
        var changes: [RecordKey: [String: JSONValue]] = [:]
        for (index, row) in job.rows.enumerated() {
            if let limit = services.ingestJobs.failAfter, index >= limit {
                job.outcome = .failed
                job.errorMessage = "Failed : the sandbox stops ingest jobs after \(limit) rows "
                    + "(SandboxConfiguration.salesforceIngestRowsBeforeFailure)"
                job.results += Array(repeating: .unprocessed, count: job.rows.count - index)
                break
            }
            job.results.append(Self.outcome(of: row, names: names, idColumn: idColumn, object: job.object,
                                            view: view, into: &changes, sandboxObject: sandboxObject))
        }
        try await services.store.commit(changes, write: pendingIngest(request, job: job, bytes: bytes))
        return job
    }

    /// One row's outcome; a successful row's values join `changes`.
    private static func outcome(
        of row: [String], names: [String], idColumn: Int?, object: String, view: SalesforceRecordView,
        into changes: inout [RecordKey: [String: JSONValue]], sandboxObject: SandboxObject
    ) -> SalesforceIngestJob.RowOutcome {
        guard row.count == names.count else {
            return .failure(id: "", error: "INVALID_FIELD:The row has \(row.count) fields and the header "
                + "\(names.count):--")
        }
        guard let idColumn, !row[idColumn].isEmpty else {
            return .failure(id: "", error: "MISSING_ARGUMENT:Id not specified in an update call:--")
        }
        let id = row[idColumn]
        guard SalesforceID.parse(id) != nil else {
            return .failure(id: "", error: "MALFORMED_ID:\(object) ID: id value of incorrect type: \(id):Id --")
        }
        guard let number = view.number(ofID: id, object: object) else {
            return .failure(id: "", error: "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--")
        }
        let recordID = SalesforceRecordView.id(object, number)
        var values: [String: JSONValue] = [:]
        for (column, value) in zip(names, row) where column != "Id" && !value.isEmpty {
            // Empty values leave the field as it is; #N/A sets it to null.
            values[column] = value == "#N/A" ? .null : .string(value)
        }
        if let problem = validate(values, object: object) {
            return .failure(id: recordID, error: "\(problem.code):\(problem.message):"
                + problem.fields.joined(separator: ",") + (problem.fields.isEmpty ? "--" : " --"))
        }
        changes[RecordKey(object: sandboxObject, index: number), default: [:]]
            .merge(coerce(values, object: object)) { _, new in new }
        return .success(id: recordID)
    }

    /// The write-log entry of a processed job: its close request, with the uploaded CSV as the body.
    private func pendingIngest(_ request: SandboxRequest, job: SalesforceIngestJob, bytes: [UInt8]) -> PendingWrite {
        PendingWrite(vendor: "salesforce", method: request.method, path: request.path,
                     body: String(decoding: bytes, as: UTF8.self), status: 200)
    }

    /// `GET …/successfulResults/` (`"sf__Id","sf__Created",<columns>`), `…/failedResults/`
    /// (`"sf__Id","sf__Error",<columns>`), `…/unprocessedrecords/` (`<columns>`): CSV, rows in upload order.
    private func ingestResults(id: String, kind: String) async -> SandboxResponse {
        guard let job = await services.ingestJobs.job(id) else { return Self.jobNotFound() }
        guard job.state.isTerminal else { return Self.wrongJobState(job.state, "Reading results") }
        let header = job.header.isEmpty ? "" : "," + SalesforceIngestCSV.plainRow(job.header)
        var lines: [String]
        switch kind {
        case "successfulResults":
            lines = ["\"sf__Id\",\"sf__Created\"" + header]
            for (row, outcome) in zip(job.rows, job.results) {
                if case .success(let recordID) = outcome {
                    lines.append(SalesforceIngestCSV.quotedRow([recordID, "false"] + row))
                }
            }
        case "failedResults":
            lines = ["\"sf__Id\",\"sf__Error\"" + header]
            for (row, outcome) in zip(job.rows, job.results) {
                if case .failure(let recordID, let error) = outcome {
                    lines.append(SalesforceIngestCSV.quotedRow([recordID, error] + row))
                }
            }
        default:
            lines = job.header.isEmpty ? [] : [SalesforceIngestCSV.plainRow(job.header)]
            for (row, outcome) in zip(job.rows, job.results) where outcome == .unprocessed {
                lines.append(SalesforceIngestCSV.quotedRow(row))
            }
        }
        let text = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        return SandboxResponse(status: 200, headers: [("Content-Type", "text/csv")], body: Array(text.utf8))
    }
}

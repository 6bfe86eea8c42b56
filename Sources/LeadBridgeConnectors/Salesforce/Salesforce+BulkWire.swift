extension SalesforceWire {
    /// `POST /services/data/vXX.X/jobs/ingest`: an `update` job whose data is CSV, comma-separated, rows ended by LF.
    /// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm
    struct CreateIngestJob: Encodable, Sendable {
        var object: String
        var operation = "update"
        var contentType = "CSV"
        var lineEnding = "LF"
        var columnDelimiter = "COMMA"
    }

    /// `PATCH /services/data/vXX.X/jobs/ingest/<id>`: `UploadComplete` closes a job, `Aborted` aborts it.
    /// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/close_job.htm
    struct IngestJobState: Encodable, Sendable {
        var state: String
    }

    /// The job info of create, close and `GET /services/data/vXX.X/jobs/ingest/<id>`; the counts only in the
    /// last. `state`: Open, UploadComplete, InProgress, JobComplete, Failed, Aborted.
    /// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm
    struct IngestJob: Decodable, Sendable {
        var id: String
        var state: String
        var object: String?
        var numberRecordsProcessed: Int?
        var numberRecordsFailed: Int?
        var errorMessage: String?
    }
}

/// Marketo Bulk Extract wire formats
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/bulk-extract/bulk-extract).
extension MarketoWire {
    /// The answer of create, enqueue, status and cancel: the job in `result[0]`.
    struct ExportJobs: Decodable, Sendable {
        var result: [ExportJob]?
    }

    /// `{exportId, format, status: Created|Queued|Processing|Cancelled|Completed|Failed, createdAt, queuedAt,
    /// startedAt, finishedAt, numberOfRecords, fileSize, fileChecksum}`; the last three once completed.
    struct ExportJob: Decodable, Sendable {
        var exportId: String
        var status: String
        var numberOfRecords: Int?
        var fileSize: Int?
        var fileChecksum: String?

        var isCompleted: Bool { status == "Completed" }
        /// Failed, or cancelled (spelled "Cancelled" in the documented answers, "Canceled" in its list of states).
        var hasEnded: Bool { status == "Failed" || status == "Cancelled" || status == "Canceled" }
        /// Not yet queued: it was created but its enqueue never arrived.
        var isCreated: Bool { status == "Created" }
    }

    /// `POST /bulk/v1/leads/export/create.json`: `{fields, format: CSV, filter: {<createdAt|updatedAt>: {startAt,
    /// endAt}}}` (one filter type a job, a range of at most 31 days, datetimes without milliseconds).
    struct LeadExportRequest: Encodable, Sendable {
        var fields: [String]
        var format = "CSV"
        var filter: [String: DateRange]
    }

    /// `POST /bulk/v1/activities/export/create.json`: `{format: CSV, filter: {createdAt: {startAt, endAt},
    /// activityTypeIds}}`.
    struct ActivityExportRequest: Encodable, Sendable {
        struct Filter: Encodable, Sendable {
            var createdAt: DateRange
            var activityTypeIds: [Int]?
        }

        var format = "CSV"
        var filter: Filter
    }

    struct DateRange: Encodable, Sendable {
        var startAt: String
        var endAt: String
    }
}

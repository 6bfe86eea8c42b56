import Foundation
import LeadBridge

/// A stream's first load through Marketo's Bulk Extract API, page by page: one export job per 31-day window from
/// ``MarketoBulkExtract/since`` to the load's end, each created, enqueued, polled until `Completed`, downloaded in
/// `Range` chunks to a file and streamed through ``CSVReader`` into the records the REST paging would have made.
///
/// - The first page of a window is empty and carries the new job's id (``MarketoBulkToken``), so that the id is
///   stored before any wait: a rerun asks that job's status (enqueuing it if it never was) instead of creating
///   another, and skips the rows of its file already stored.
/// - The pages of a window carry no cursor; the last page of the load moves the cursor to the load's end, where
///   the paged incremental pulls take over, and clears the token.
/// - A job that ends `Failed` or `Cancelled` fails the stream with its id and window, after a page that forgets the
///   job: the next run creates a new one for that window. A job Marketo no longer knows (status gone, or its file
///   past the seven days of retention) is replaced by a new one at once.
/// - 1029 "Export daily quota exceeded" and the connection's call budget stop the run cleanly
///   (``PullInterruption``); so does a queue that stays full (1029 "Too many jobs in queue", waited out a minute at
///   a time by the HTTP layer).
struct MarketoBulkPages {
    enum Kind: String, Sendable {
        case leads, activities
    }

    /// Where a bulk load starts or resumes: what ``MarketoPages`` holds until it is iterated.
    struct Start: Sendable {
        var source: MarketoSource
        var request: PullRequest
        var settings: MarketoBulkExtract
        var kind: Kind
        var token: MarketoBulkToken
    }

    /// The open file of the current window's job.
    struct Reading {
        var reader: CSVReader
        let file: MarketoExportFile
    }

    let source: MarketoSource
    let request: PullRequest
    let settings: MarketoBulkExtract
    let kind: Kind
    /// nil once the load is finished.
    var token: MarketoBulkToken?
    /// The current job was created by this run: it is enqueued at once instead of asking its status first.
    var createdHere = false
    /// A failure to throw after the page that forgot the failed job was handed over.
    var failure: APIError?
    var reading: Reading?
    /// Decodes the `attributes` of activity rows.
    let decoder = JSONDecoder()

    init(_ start: Start) {
        source = start.source
        request = start.request
        settings = start.settings
        kind = start.kind
        token = start.token
    }

    var endpoints: (create: String, enqueue: String, status: String, file: String) {
        let base = "/bulk/v1/\(kind.rawValue)/export"
        return ("POST \(base)/create.json", "POST \(base)/{exportId}/enqueue.json",
                "GET \(base)/{exportId}/status.json", "GET \(base)/{exportId}/file.json")
    }

    mutating func next() async throws -> RecordPage? {
        if let failure {
            self.failure = nil
            token = nil
            throw failure
        }
        do {
            return try await step()
        } catch let error as APIError {
            switch error.code {
            case .budgetExhausted:
                throw PullInterruption(.budgetExhausted, "marketo: \(error.message)")
            case .quotaExhausted:
                throw PullInterruption(.remoteLimit, "marketo: \(error.message)")
            case .rateLimited where error.apiCode == "1029":
                throw PullInterruption(.remoteLimit, "marketo: the instance's bulk export queue stayed full (1029 "
                    + "Too many jobs in queue: Marketo queues 10 export jobs, those of every integration); the next "
                    + "pull enqueues job \(token?.exportID ?? "-") again")
            default:
                throw error
            }
        }
    }

    private mutating func step() async throws -> RecordPage? {
        guard var current = token else { return nil }
        if current.windowStart >= current.end {
            token = nil
            return RecordPage(records: [], cursor: StreamCursor(time: current.end, id: ""),
                              pageToken: MarketoPageToken.done)
        }
        guard let exportID = current.exportID else {
            current.exportID = try await create(&current)
            current.rows = 0
            token = current
            createdHere = true
            return RecordPage(records: [], cursor: nil, pageToken: current.stored)
        }
        if reading == nil {
            guard let job = try await awaitCompletion(exportID, window: current) else {
                return forgetJob(&current)
            }
            if job.hasEnded {
                failure = APIError(.server, endpoint: endpoints.status, message: "Marketo bulk export job "
                    + "\(exportID) (\(describe(current))) ended \(job.status); nothing of that window was stored, and "
                    + "the next pull creates a new job for it (if it fails again, check the job in Marketo or use "
                    + "`first_load: paged`)")
                return forgetJob(&current)
            }
            guard let size = job.fileSize, size > 0, (job.numberOfRecords ?? 1) > 0 else {
                return finishWindow(current, records: [], rejections: [])
            }
            let file = MarketoExportFile(folder: settings.downloads, exportID: exportID)
            do {
                try await download(exportID, size: size, to: file)
            } catch let error as APIError where error.code == .notFound {
                source.client.logger.notice("bulk export file gone (past its retention); creating a new job",
                    metadata: ["crm.stream": "\(request.stream.name)", "marketo.export": "\(exportID)"])
                file.remove()
                return forgetJob(&current)
            }
            var reading = Reading(reader: try CSVReader(path: file.path, keyField: keyColumn), file: file)
            var skipped = 0
            while skipped < current.rows, try reading.reader.next() != nil { skipped += 1 }
            self.reading = reading
        }
        return try await readPage(&current)
    }

    /// A page without the current job: the next step creates a new one for the window.
    private mutating func forgetJob(_ current: inout MarketoBulkToken) -> RecordPage {
        current.exportID = nil
        current.rows = 0
        token = current
        createdHere = false
        return RecordPage(records: [], cursor: nil, pageToken: current.stored)
    }

    private var keyColumn: String { kind == .leads ? "id" : "marketoGUID" }

    private func describe(_ window: MarketoBulkToken) -> String {
        let what = kind == .leads ? "leads by \(window.filter)" : "activities created"
        return "\(what) \(WireTime.isoSeconds(window.windowStart)) to \(WireTime.isoSeconds(window.windowEnd))"
    }

    // MARK: Jobs

    /// Creates the window's job; a leads job by `updatedAt` in an instance without that filter (1035) is created
    /// by `createdAt` instead, and the token remembers it.
    private func create(_ window: inout MarketoBulkToken) async throws(APIError) -> String {
        let range = MarketoWire.DateRange(startAt: WireTime.isoSeconds(window.windowStart),
                                          endAt: WireTime.isoSeconds(window.windowEnd))
        let body: Data
        switch kind {
        case .leads:
            let fields = MarketoSource.unique(["id", "updatedAt"] + request.fields)
            do {
                return try await send(create: MarketoWire.LeadExportRequest(fields: fields,
                                                                            filter: [window.filter: range]))
            } catch where error.apiCode == "1035" && window.filter == "updatedAt" {
                source.client.logger.notice(
                    "the instance has no updatedAt filter for bulk lead exports (1035); exporting leads by createdAt",
                    metadata: ["crm.stream": "\(request.stream.name)"])
                window.filter = "createdAt"
                body = try Self.encode(MarketoWire.LeadExportRequest(fields: fields, filter: ["createdAt": range]),
                                       endpoint: endpoints.create)
            }
        case .activities:
            let ids = try await source.selectedTypes(request.activityTypes).map(\.id).sorted()
            body = try Self.encode(MarketoWire.ActivityExportRequest(filter: .init(createdAt: range,
                                                                                   activityTypeIds: ids)),
                                   endpoint: endpoints.create)
        }
        return try await source.exportJob(endpoint: endpoints.create,
                                          path: "bulk/v1/\(kind.rawValue)/export/create.json", body: body).exportId
    }

    private func send(create request: MarketoWire.LeadExportRequest) async throws(APIError) -> String {
        try await source.exportJob(endpoint: endpoints.create, path: "bulk/v1/\(kind.rawValue)/export/create.json",
                                   body: try Self.encode(request, endpoint: endpoints.create)).exportId
    }

    static func encode<T: Encodable>(_ value: T, endpoint: String) throws(APIError) -> Data {
        do {
            return try JSONEncoder().encode(value)
        } catch {
            throw APIError(.badRequest, endpoint: endpoint, message: "cannot encode the export request: \(error)")
        }
    }

    /// Enqueues the job; "Job already queued" (a resend, or another run's enqueue) is as good.
    private func enqueue(_ id: String) async throws(APIError) {
        do {
            _ = try await source.exportJob(endpoint: endpoints.enqueue,
                                           path: "bulk/v1/\(kind.rawValue)/export/\(id)/enqueue.json", body: nil)
        } catch where error.apiCode == "1029" && error.code == .badRequest {
            source.client.logger.info("bulk export job already queued", metadata: ["marketo.export": "\(id)"])
        }
    }

    /// Waits for the job to end, enqueuing it first when this run created it or it was never enqueued; nil when
    /// Marketo no longer knows it. Each status request comes after ``MarketoBulkExtract/pollInterval`` on the
    /// client's clock, except the first one of a job this run did not create.
    private func awaitCompletion(_ id: String, window: MarketoBulkToken) async throws -> MarketoWire.ExportJob? {
        var wait = createdHere
        if createdHere { try await enqueue(id) }
        let path = "bulk/v1/\(kind.rawValue)/export/\(id)/status.json"
        while true {
            if wait { try await source.client.clock.sleep(for: settings.pollInterval) }
            wait = true
            let answer: Result<MarketoWire.ExportJob, APIError>
            do {
                answer = .success(try await source.exportJob(endpoint: endpoints.status, path: path, body: nil))
            } catch {
                answer = .failure(error)
            }
            if case .failure(let error) = answer, error.code == .badRequest || error.code == .notFound {
                source.client.logger.notice("bulk export job unknown to Marketo; creating a new one", metadata: [
                    "crm.stream": "\(request.stream.name)", "marketo.export": "\(id)",
                    "api.code": "\(error.apiCode ?? "-")"])
                return nil
            }
            let job = try answer.get()
            if job.isCompleted || job.hasEnded { return job }
            if job.isCreated { try await enqueue(id) }
        }
    }

    /// Downloads the job's file in ``MarketoBulkExtract/chunkBytes`` ranges, resuming after the bytes already on
    /// disk; each range must start where the file ends and the file must end at the job's `fileSize`.
    private func download(_ id: String, size: Int, to file: MarketoExportFile) async throws {
        var offset = file.size
        if offset > size {
            try file.truncate()
            offset = 0
        }
        let path = "bulk/v1/\(kind.rawValue)/export/\(id)/file.json"
        while offset < size {
            let last = min(offset + settings.chunkBytes, size) - 1
            let response = try await source.exportFile(endpoint: endpoints.file, path: path, range: offset...last)
            if response.status == 200 {
                // The whole file (a server that ignores `Range`).
                guard response.body.count == size else {
                    throw invalidFile(id, "has \(response.body.count) bytes where the job's status said \(size)")
                }
                try file.truncate()
                try file.append(response.body)
                return
            }
            guard let range = response[header: "Content-Range"].flatMap(Self.contentRange), range.first == offset,
                  range.total == size, response.body.count == range.last - range.first + 1
            else {
                throw invalidFile(id, "answered a range that is not the one asked for (bytes \(offset)-\(last) of "
                    + "\(size); Content-Range \(response[header: "Content-Range"] ?? "none"), \(response.body.count) "
                    + "bytes)")
            }
            try file.append(response.body)
            offset += response.body.count
        }
    }

    private func invalidFile(_ id: String, _ what: String) -> APIError {
        APIError(.invalidResponse, endpoint: endpoints.file, status: nil, message: "the file of Marketo bulk export "
            + "job \(id) \(what); the next pull downloads it again")
    }

    /// `bytes a-b/total` of a `Content-Range` header.
    static func contentRange(_ header: String) -> (first: Int, last: Int, total: Int)? {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("bytes ") else { return nil }
        let parts = text.dropFirst("bytes ".count).split(separator: "/")
        guard parts.count == 2, let total = Int(parts[1]) else { return nil }
        let bounds = parts[0].split(separator: "-")
        guard bounds.count == 2, let first = Int(bounds[0]), let last = Int(bounds[1]), last >= first else {
            return nil
        }
        return (first, last, total)
    }

    // MARK: Records

    /// The next page of the window's file; after its last row, the window is done.
    private mutating func readPage(_ current: inout MarketoBulkToken) async throws -> RecordPage {
        guard reading != nil else { return RecordPage(records: [], cursor: nil) }
        let names = kind == .activities
            ? Dictionary(try await source.types().map { ($0.id, $0.name) }) { first, _ in first } : [:]
        let origin = "marketo \(kind.rawValue) export \(current.exportID ?? "")"
        var records: [RawRecord] = []
        var rejections: [RecordRejection] = []
        var ended = false
        while records.count + rejections.count < settings.pageSize {
            guard let item = try reading!.reader.next() else {
                ended = true
                break
            }
            current.rows += 1
            switch item {
            case .record(let raw):
                let location = RecordLocation(source: origin, line: raw.location.line, index: current.rows)
                switch kind == .leads ? Self.lead(raw, location: location)
                    : Self.activity(raw, typeNames: names, location: location, decoder: decoder) {
                case .success(let record): records.append(record)
                case .failure(let rejection): rejections.append(rejection)
                }
            case .rejected(var rejection):
                rejection.location = RecordLocation(source: origin, line: rejection.location.line,
                                                    index: current.rows)
                rejections.append(rejection)
            }
        }
        token = current
        guard ended else {
            var page = RecordPage(records: records, cursor: nil, pageToken: current.stored)
            page.rejections = rejections
            return page
        }
        reading?.file.remove()
        reading = nil
        return finishWindow(current, records: records, rejections: rejections)
    }

    /// The window's last page: the token moves to the next window, or, after the last, the load ends with the
    /// cursor at its end.
    private mutating func finishWindow(_ current: MarketoBulkToken, records: [RawRecord],
                                       rejections: [RecordRejection]) -> RecordPage {
        createdHere = false
        var page: RecordPage
        if current.isLastWindow {
            token = nil
            page = RecordPage(records: records, cursor: StreamCursor(time: current.end, id: ""),
                              pageToken: MarketoPageToken.done)
        } else {
            token = current.nextWindow
            page = RecordPage(records: records, cursor: nil, pageToken: current.nextWindow.stored)
        }
        page.rejections = rejections
        return page
    }

    /// A lead row: its fields as the REST API names them; `null` (Marketo's spelling of an empty field) is absent.
    static func lead(_ raw: RawRecord, location: RecordLocation) -> Result<RawRecord, RecordRejection> {
        let fields = raw.fields.filter { $0.value != "null" }
        guard fields["id"] != nil else {
            return .failure(RecordRejection(code: "marketo.no_key", message: "the export row has no lead id; "
                + "nothing of it is stored", location: location))
        }
        return .success(RawRecord(fields: fields, location: location))
    }

    /// An activity row as the REST paging makes it: `id` (its `marketoGUID`), `leadId`, `activityDate`,
    /// `activityTypeId`, `activityType` (the type's name), `primaryAttributeValue(Id)`, `campaignId`, and
    /// `attributes.<name>` from the `attributes` JSON object.
    static func activity(_ raw: RawRecord, typeNames: [Int: String], location: RecordLocation,
                         decoder: JSONDecoder = JSONDecoder()) -> Result<RawRecord, RecordRejection>
    {
        func value(_ column: String) -> String? { raw[column].flatMap { $0 == "null" ? nil : $0 } }
        guard let key = value("marketoGUID") else {
            return .failure(RecordRejection(code: "marketo.no_key", message: "the export row has no marketoGUID; "
                + "nothing of it is stored", location: location))
        }
        var fields: [String: String] = ["id": key]
        for column in ["leadId", "activityDate", "activityTypeId", "campaignId", "primaryAttributeValueId",
                       "primaryAttributeValue"] {
            fields[column] = value(column)
        }
        fields["activityType"] = value("activityTypeId").flatMap(Int.init).flatMap { typeNames[$0] }
        if let text = value("attributes") {
            guard let attributes = try? decoder.decode([String: MarketoWire.Text].self, from: Data(text.utf8))
            else {
                return .failure(RecordRejection(code: "marketo.attributes", message: "the export row's attributes are "
                    + "not a JSON object of name → value; the activity is not stored", location: location,
                    externalID: key, raw: Array(text.utf8)))
            }
            for (name, attribute) in attributes {
                if let text = attribute.value { fields["attributes." + name] = text }
            }
        }
        return .success(RawRecord(fields: fields, location: location))
    }
}

import Foundation

/// Marketo's Bulk Extract API for leads and activities: `POST /bulk/v1/{leads|activities}/export/create.json`,
/// `…/{exportId}/enqueue.json`, `GET …/{exportId}/status.json`, `GET …/{exportId}/file.json` (with `Range`),
/// `POST …/{exportId}/cancel.json` and `GET /bulk/v1/{leads|activities}/export.json` (the jobs of the last days).
///
/// Documentation followed:
/// - https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/bulk-extract/bulk-extract
/// - https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/bulk-extract/bulk-lead-extract
/// - https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/bulk-extract/bulk-activity-extract
/// - https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes (1029, 1035)
extension MarketoAPI {
    /// The longest date range of a `createdAt` or `updatedAt` filter: 31 days.
    static let longestExportRange: TimeInterval = 31 * 86_400
    /// The columns of an activity export, in file order, unless `fields` picks some of them.
    static let activityColumns = ["marketoGUID", "leadId", "activityDate", "activityTypeId", "campaignId",
                                  "primaryAttributeValueId", "primaryAttributeValue", "attributes"]

    /// Routes `/bulk/v1/{leads|activities}/export…`.
    func bulkExport(_ request: SandboxRequest, segments: [String]) async -> SandboxResponse {
        guard let kind = MarketoExportJob.Kind(rawValue: segments[2]) else { return Self.notFound() }
        let now = services.store.clock.now()
        let jobs = services.exportJobs
        if segments[3] == "export.json", segments.count == 4, request.method == "GET" {
            let wanted = Set((request.queryValue("status") ?? "").split(separator: ",").map(String.init))
            let batchSize = min(300, max(1, request.queryValue("batchSize").flatMap(Int.init) ?? 300))
            let listed = await jobs.list(kind).filter { wanted.isEmpty || wanted.contains($0.status.rawValue) }
            return .json(Self.success(listed.prefix(batchSize).map(\.json)))
        }
        let rest = Array(segments.dropFirst(4))
        do throws(MarketoExportJobs.Refusal) {
            switch (request.method, rest.count, rest.last) {
            case ("POST", 1, "create.json"):
                return await createExport(kind, request, at: now)
            case ("POST", 2, "enqueue.json"):
                return .json(Self.success([try await jobs.enqueue(rest[0], kind: kind, at: now).json]))
            case ("POST", 2, "cancel.json"):
                return .json(Self.success([try await jobs.cancel(rest[0], kind: kind, at: now).json]))
            case ("GET", 2, "status.json"):
                // Each status request moves the queue on; jobs that start processing get their file now.
                for started in await jobs.step(at: now) {
                    let (file, records) = await renderExport(started)
                    await jobs.attach(started.id, file: file, records: records)
                }
                guard let job = await jobs.job(rest[0], kind: kind) else { throw .notFound }
                return .json(Self.success([job.json]))
            case ("GET", 2, "file.json"):
                return await exportFile(rest[0], kind: kind, request: request, at: now)
            default:
                return Self.notFound()
            }
        } catch {
            switch error {
            case .notFound: return Self.failure(code: "1003", message: "Export id '\(rest.first ?? "")' not found")
            case .queueFull: return Self.failure(code: "1029", message: "Too many jobs in queue")
            case .quotaExceeded: return Self.failure(code: "1029", message: "Export daily quota exceeded")
            case .alreadyQueued: return Self.failure(code: "1029", message: "Job already queued")
            case .wrongStatus(let status):
                return Self.failure(code: "1003", message: "Export job is \(status.rawValue), not Created")
            }
        }
    }

    /// The `exportFailure` fault: the job a request's path names ends `Failed`.
    func failExport(_ request: SandboxRequest) async {
        let segments = request.segments.map(String.init)
        guard segments.count == 6, segments[0] == "bulk", segments[3] == "export" else { return }
        await services.exportJobs.fail(segments[4], at: services.store.clock.now())
    }

    static func notFound() -> SandboxResponse {
        SandboxResponse(status: 404, headers: [("Content-Type", "text/html")],
                        body: Array("<html><body>404 Not Found</body></html>".utf8))
    }

    // MARK: Create

    /// `POST …/export/create.json` with `{format, fields, columnHeaderNames, filter}`: a `Created` job.
    private func createExport(_ kind: MarketoExportJob.Kind, _ request: SandboxRequest, at now: Date) async
        -> SandboxResponse
    {
        guard let body = request.jsonBody()?.objectValue else {
            return Self.failure(code: "609", message: "Invalid JSON")
        }
        let format = body["format"]?.stringValue ?? "CSV"
        guard ["CSV", "TSV", "SSV"].contains(format) else {
            return Self.failure(code: "1003", message: "Invalid format '\(format)'; accepts CSV, TSV, SSV")
        }
        guard let filter = body["filter"]?.objectValue else {
            return Self.failure(code: "1003", message: "filter is required")
        }
        let spec: MarketoExportJob.Spec
        switch Self.exportSpec(kind, body: body, filter: filter, format: format,
                               updatedAtFilter: services.marketoUpdatedAtFilter) {
        case .success(let value): spec = value
        case .failure(let refusal): return Self.failure(code: refusal.code, message: refusal.message)
        }
        do throws(MarketoExportJobs.Refusal) {
            return .json(Self.success([try await services.exportJobs.create(kind, spec: spec, at: now).json]))
        } catch {
            return Self.failure(code: "1029", message: "Export daily quota exceeded")
        }
    }

    struct ExportRefusal: Error {
        var code: String
        var message: String
    }

    /// Checks a create request's fields, header names and filter.
    static func exportSpec(_ kind: MarketoExportJob.Kind, body: [String: JSONValue], filter: [String: JSONValue],
                           format: String, updatedAtFilter: Bool) -> Result<MarketoExportJob.Spec, ExportRefusal>
    {
        let dateFilters: [String]
        var columns: [String]
        var typeIDs: Set<Int>?
        switch kind {
        case .leads:
            guard let fields = body["fields"]?.arrayValue?.compactMap(\.stringValue), !fields.isEmpty else {
                return .failure(ExportRefusal(code: "1003", message: "fields is required"))
            }
            if let unknown = fields.first(where: { MarketoLeadView.field($0) == nil }) {
                return .failure(ExportRefusal(code: "1006", message: "Field '\(unknown)' not found"))
            }
            columns = fields.map { MarketoLeadView.field($0)?.name ?? $0 }
            let types = filter.keys.filter { !$0.isEmpty }
            guard types.count == 1, let type = types.first else {
                return .failure(ExportRefusal(code: "1003", message: "Only one filter type may be specified"))
            }
            if type == "updatedAt" && !updatedAtFilter || type == "smartListId" || type == "smartListName" {
                return .failure(ExportRefusal(code: "1035", message: "Unsupported filter type for target subscription"))
            }
            guard type == "createdAt" || type == "updatedAt" else {
                return .failure(ExportRefusal(code: "1003", message: "Invalid filter type '\(type)'"))
            }
            dateFilters = [type]
        case .activities:
            columns = activityColumns
            if let fields = body["fields"]?.arrayValue?.compactMap(\.stringValue), !fields.isEmpty {
                if let unknown = fields.first(where: { !activityColumns.contains($0) && $0 != "actionResult" }) {
                    return .failure(ExportRefusal(code: "1006", message: "Field '\(unknown)' not found"))
                }
                columns = fields
            }
            guard filter["createdAt"] != nil else {
                return .failure(ExportRefusal(code: "1003", message: "createdAt filter is required"))
            }
            if let unknown = filter.keys.sorted().first(where: { $0 != "createdAt" && $0 != "activityTypeIds" }) {
                return .failure(ExportRefusal(code: "1003", message: "Invalid filter type '\(unknown)'"))
            }
            if let ids = filter["activityTypeIds"] {
                let parsed = ids.arrayValue?.compactMap(\.intValue) ?? []
                guard !parsed.isEmpty, parsed.count == ids.arrayValue?.count else {
                    return .failure(ExportRefusal(code: "1003", message: "activityTypeIds must be an array of ids"))
                }
                if parsed.contains(MarketoActivityType.deleteLead) {
                    return .failure(ExportRefusal(code: "1003", message: "Activity type 37 (Delete Lead) is not "
                        + "supported; use Get Deleted Leads"))
                }
                typeIDs = Set(parsed)
            }
            dateFilters = ["createdAt"]
        }
        let field = dateFilters[0]
        guard let range = filter[field]?.objectValue,
              let start = range["startAt"]?.stringValue.flatMap(SandboxTimestamp.parse),
              let end = range["endAt"]?.stringValue.flatMap(SandboxTimestamp.parse), start <= end
        else {
            return .failure(ExportRefusal(code: "1003", message: "Invalid value specified for attribute 'filter': "
                + "\(field) needs startAt and endAt, ISO-8601 datetimes, startAt first"))
        }
        guard end.timeIntervalSince(start) <= longestExportRange else {
            return .failure(ExportRefusal(code: "1003", message: "Invalid value specified for attribute 'filter': "
                + "the \(field) date range must be 31 days or fewer"))
        }
        let renamed = body["columnHeaderNames"]?.objectValue ?? [:]
        let headers = columns.map { renamed[$0]?.stringValue ?? $0 }
        return .success(MarketoExportJob.Spec(format: format, columns: columns, headers: headers, filterField: field,
                                              startAt: start, endAt: end, activityTypeIDs: typeIDs))
    }

    // MARK: File

    /// `GET …/{exportId}/file.json`: the whole file, or with `Range: bytes=a-b` part of it (206 with
    /// `Content-Range`); 404 with a plain-text message when the job is unknown, not completed, or its file expired.
    private func exportFile(_ id: String, kind: MarketoExportJob.Kind, request: SandboxRequest, at now: Date) async
        -> SandboxResponse
    {
        guard let file = await services.exportJobs.file(id, kind: kind, at: now) else {
            return SandboxResponse(status: 404, headers: [("Content-Type", "text/plain")],
                                   body: Array("Export job \(id) has no file: not completed, unknown, or expired".utf8))
        }
        let headers: [(name: String, value: String)] = [("Content-Type", "text/csv"), ("Accept-Ranges", "bytes")]
        guard let range = request.header("range") else {
            return SandboxResponse(status: 200, headers: headers, body: file)
        }
        guard let (first, last) = Self.byteRange(range, size: file.count) else {
            return SandboxResponse(status: 416, headers: headers + [("Content-Range", "bytes */\(file.count)")])
        }
        return SandboxResponse(status: 206,
                               headers: headers + [("Content-Range", "bytes \(first)-\(last)/\(file.count)")],
                               body: Array(file[first...last]))
    }

    /// An RFC 7233 single byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) within a file of `size` bytes.
    static func byteRange(_ header: String, size: Int) -> (Int, Int)? {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("bytes="), size > 0 else { return nil }
        let spec = text.dropFirst("bytes=".count)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let from = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let to = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if from.isEmpty {
            guard let suffix = Int(to), suffix > 0 else { return nil }
            return (max(0, size - suffix), size - 1)
        }
        guard let first = Int(from), first >= 0, first < size else { return nil }
        guard !to.isEmpty else { return (first, size - 1) }
        guard let last = Int(to), last >= first else { return nil }
        return (first, min(last, size - 1))
    }

    // MARK: Rendering

    /// The file of a job that starts processing: the data as of now, in the job's format.
    func renderExport(_ job: MarketoExportJob) async -> (file: [UInt8], records: Int) {
        let spec = job.spec
        let delimiter = spec.delimiter
        var out: [UInt8] = []
        Self.writeRow(spec.headers.map(JSONValue.string), delimiter: delimiter, into: &out)
        let startMillis = MarketoActivityTimeline.millis(spec.startAt)
        let endMillis = MarketoActivityTimeline.millis(spec.endAt)
        let view = await leadView()
        var records = 0
        switch job.kind {
        case .leads:
            for index in view.allIndices {
                let time = spec.filterField == "updatedAt" ? view.updatedMillis(index) : view.createdMillis(index)
                guard time >= startMillis, time <= endMillis else { continue }
                let record = view.record(index)
                Self.writeRow(spec.columns.map { record[$0] ?? .null }, delimiter: delimiter, into: &out)
                records += 1
            }
        case .activities:
            let seedAndNew = Set(MarketoActivityType.all.filter(\.seed).map(\.id) + [MarketoActivityType.newLead])
            let wanted = spec.activityTypeIDs ?? seedAndNew.union([MarketoActivityType.changeDataValue])
            var sources = await activitySources(typeIDs: wanted.intersection(seedAndNew), leadIDs: [], view: view)
            if wanted.contains(MarketoActivityType.changeDataValue) {
                sources.append(changeSource(wanted: nil, leadIDs: [], view: view))
            }
            var matches: [(entry: MarketoActivityTimeline.Entry, json: JSONValue)] = []
            let start = MarketoPosition(time: startMillis, seq: Int.min)
            for source in sources {
                var index = MarketoActivityTimeline.index(after: start, in: source.entries)
                while index < source.entries.count, source.entries[index].time <= endMillis {
                    let entry = source.entries[index]
                    if let json = source.render(entry) { matches.append((entry, json)) }
                    index += 1
                }
            }
            matches.sort { ($0.entry.time, $0.entry.seq) < ($1.entry.time, $1.entry.seq) }
            for match in matches {
                Self.writeRow(spec.columns.map { Self.activityColumn($0, of: match.json) }, delimiter: delimiter,
                              into: &out)
            }
            records = matches.count
        }
        return (out, records)
    }

    /// One column of an activity row: `attributes` as a JSON object of name → value, `actionResult` succeeded.
    static func activityColumn(_ column: String, of activity: JSONValue) -> JSONValue {
        switch column {
        case "attributes":
            var attributes: [String: JSONValue] = [:]
            for attribute in activity["attributes"]?.arrayValue ?? [] {
                if let name = attribute["name"]?.stringValue { attributes[name] = attribute["value"] ?? .null }
            }
            return .string(String(decoding: JSONValue.object(attributes).serialized(), as: UTF8.self))
        case "actionResult":
            return "succeeded"
        default:
            return activity[column] ?? .null
        }
    }

    /// A row: strings as they are, other values as JSON spells them, null (or absent) as `null`, as Marketo writes
    /// an empty field; a value holding the delimiter, a quote or a line break is quoted, its quotes doubled.
    static func writeRow(_ values: [JSONValue], delimiter: UInt8, into out: inout [UInt8]) {
        for (position, value) in values.enumerated() {
            if position > 0 { out.append(delimiter) }
            let text: [UInt8] = switch value {
            case .string(let string): Array(string.utf8)
            default: value.serialized()
            }
            if text.contains(where: { $0 == delimiter || $0 == 34 || $0 == 10 || $0 == 13 }) {
                out.append(34)
                for byte in text {
                    if byte == 34 { out.append(34) }
                    out.append(byte)
                }
                out.append(34)
            } else {
                out.append(contentsOf: text)
            }
        }
        out.append(10)
    }
}

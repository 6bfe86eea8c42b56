import Foundation
import LeadBridge

/// Salesforce Leads and Contacts as a ``RecordSink``: current values through `WHERE Id IN (…)` SOQL of up to 200
/// ids, writes through sObject Collections (`PATCH composite/sobjects`, 200 records a call, `allOrNone: false`),
/// and conditional writes one record at a time (`PATCH sobjects/<Object>/<id>` with `If-Unmodified-Since`).
///
/// Values are typed by the object's describe (cached with the source's): numbers for number fields, booleans for
/// checkboxes, `null` for an empty value (which clears the field). Access tokens refresh once on
/// `INVALID_SESSION_ID`, as for pulls. Record ids and API names are checked before they go into a query or a path.
///
/// A write sent without a complete answer is never resent. When the collections call or any conditional PATCH of a
/// batch ends that way, the whole batch is ``WriteBatchOutcome/outcomeUnknown(_:)`` (the results already known are
/// dropped): the caller reads every record of the batch again and re-plans, which finds what landed. The same holds
/// when a conditional PATCH fails as a whole (a spent quota) after other records of the batch were written; when
/// nothing was written yet, the error is thrown.
///
/// ```swift
/// let sink = SalesforceSink(source: source)
/// let current = try await sink.currentValues(object: "Lead", keys: ids, fields: ["Lead_Score__c"])
/// let outcome = try await sink.write(object: "Lead", [
///     RecordWrite(key: current[0].key, fields: ["Lead_Score__c": "72"], unmodifiedSince: current[0].modifiedAt)])
/// ```
public struct SalesforceSink: BulkRecordSink {
    public let source: SalesforceSource
    /// Bulk API 2.0 ingest jobs, for backfills of at least ``bulkThreshold`` records of one object.
    public let bulk: SalesforceBulkIngest

    public init(source: SalesforceSource, bulk: SalesforceBulkIngest? = nil) {
        self.bulk = bulk ?? SalesforceBulkIngest(source: source)
        self.source = source
    }

    /// Records per sObject Collections call: 200.
    static let collectionLimit = 200

    public var limits: SinkLimits {
        SinkLimits(readBatch: SalesforceSource.keyQueryLimit, writeBatch: Self.collectionLimit,
                   conditionalWrites: true)
    }

    /// `PATCH /services/data/vXX.X/composite/sobjects`.
    public var collectionsEndpoint: String { "PATCH /services/data/\(source.apiVersion)/composite/sobjects" }

    /// `PATCH /services/data/vXX.X/sobjects/{object}/{id}`: one record, conditionally.
    public var recordEndpoint: String { "PATCH /services/data/\(source.apiVersion)/sobjects/{object}/{id}" }

    /// `SELECT Id, LastModifiedDate, <fields> FROM <object> WHERE Id IN (…)`, 200 ids a query, following
    /// `nextRecordsUrl`. Keys that are not record ids, and deleted records, are absent; a key comes back as the
    /// caller spelt it (15 or 18 characters). Number fields read as LeadBridge writes them (`72`, not `72.0`).
    public func currentValues(object: String, keys: [String], fields: [String]) async throws -> [RemoteValues] {
        try Self.requireNames([object] + fields, endpoint: source.queryEndpoint)
        guard keys.contains(where: SalesforceNames.isRecordID) else { return [] }
        let types = try await fieldTypes(object)
        var select = ["Id", "LastModifiedDate", "IsDeleted"]
        for field in fields where !select.contains(where: { $0.caseInsensitiveCompare(field) == .orderedSame }) {
            select.append(field)
        }
        var exact: [String: String] = [:]
        var short: [Substring: String] = [:]
        var ids: [String] = []
        for key in keys where SalesforceNames.isRecordID(key) && exact[key] == nil {
            exact[key] = key
            if key.utf8.count == 15 { short[SalesforceNames.short(key)] = key }
            ids.append(key)
        }
        var values: [RemoteValues] = []
        var found = Set<String>()
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(start + SalesforceSource.keyQueryLimit, ids.count)]
            start += SalesforceSource.keyQueryLimit
            // Checked above: letters and digits only, nothing to escape.
            let list = chunk.map { "'" + $0 + "'" }.joined(separator: ", ")
            var response = try await source.queryAll(
                "SELECT \(select.joined(separator: ", ")) FROM \(object) WHERE Id IN (\(list))")
            while true {
                for record in response.records {
                    let remote = record.fields
                    guard let id = remote["Id"], remote["IsDeleted"] != "true",
                        let key = exact[id] ?? short[SalesforceNames.short(id)], found.insert(key).inserted
                    else { continue }
                    var current: [String: String] = [:]
                    for field in fields {
                        let value = remote[field]
                            ?? remote.first { $0.key.caseInsensitiveCompare(field) == .orderedSame }?.value
                        guard let value, !value.isEmpty else { continue }
                        current[field] = SalesforceWire.FieldValue.normalized(value, type: types[field.lowercased()])
                    }
                    values.append(RemoteValues(key: key, fields: current,
                                               modifiedAt: remote["LastModifiedDate"].flatMap(WireTime.milliseconds)))
                }
                guard !response.done, let next = response.nextRecordsUrl else { break }
                response = try await source.queryMore(next)
            }
        }
        return values
    }

    /// Writes the records without ``RecordWrite/unmodifiedSince`` in one sObject Collections call, then each record
    /// with it as a conditional PATCH; the results come in the order of `changes`.
    ///
    /// - Returns: per-record results (a 412 is ``RecordWriteResult/Status/changedRemotely``), or
    ///   ``WriteBatchOutcome/outcomeUnknown(_:)`` as the type's documentation says.
    /// - Throws: ``APIError`` when the batch failed as a whole with nothing written (a 4xx to the collections call,
    ///   a spent quota, more than 200 records, a field name that is not an API name).
    public func write(object: String, _ changes: [RecordWrite]) async throws -> WriteBatchOutcome {
        guard changes.count <= Self.collectionLimit else {
            throw APIError(.badRequest, endpoint: collectionsEndpoint, message: "a collection update takes at most "
                + "\(Self.collectionLimit) records; got \(changes.count)")
        }
        try Self.requireNames([object] + changes.flatMap(\.fields.keys), endpoint: collectionsEndpoint)
        if let name = changes.flatMap(\.fields.keys).first(where: { ["id", "attributes"].contains($0.lowercased()) }) {
            throw APIError(.badRequest, endpoint: collectionsEndpoint, message: "`\(name)` names the record, it is "
                + "not a field LeadBridge writes")
        }
        guard !changes.isEmpty else { return .answered([]) }
        let types = try await fieldTypes(object)
        var results = [RecordWriteResult?](repeating: nil, count: changes.count)
        let unconditional = changes.indices.filter { changes[$0].unmodifiedSince == nil }
        if !unconditional.isEmpty {
            switch try await updateCollection(object, unconditional.map { changes[$0] }, types: types) {
            case .answered(let answers):
                for (index, answer) in zip(unconditional, answers) { results[index] = answer }
            case .outcomeUnknown(let error):
                return .outcomeUnknown("\(error)")
            }
        }
        for index in changes.indices where changes[index].unmodifiedSince != nil {
            let sent: SentOutcome<RecordWriteResult>
            do {
                sent = try await updateIfUnmodified(object, changes[index], types: types)
            } catch {
                guard results.contains(where: { $0?.status == .written }) else { throw error }
                return .outcomeUnknown("\(error); records of this batch were written before it failed")
            }
            switch sent {
            case .answered(let answer): results[index] = answer
            case .outcomeUnknown(let error): return .outcomeUnknown("\(error)")
            }
        }
        return .answered(results.compactMap { $0 })
    }

    /// One sObject Collections call with `allOrNone: false`: one result per record, in order.
    func updateCollection(_ object: String, _ changes: [RecordWrite], types: [String: String])
        async throws(APIError) -> SentOutcome<[RecordWriteResult]>
    {
        let endpoint = collectionsEndpoint
        let body = try Self.encode(SalesforceWire.CollectionUpdateRequest(allOrNone: false, records: changes.map {
            SalesforceWire.RecordUpdate(type: object, id: $0.key, fields: Self.values($0.fields, types: types))
        }), endpoint: endpoint)
        let keys = changes.map(\.key)
        let apiVersion = source.apiVersion
        return try await source.client.write(endpoint: endpoint) { auth throws(APIError) in
            guard let base = auth?.instanceURL else {
                throw APIError(.invalidResponse, endpoint: endpoint, message: "no instance URL")
            }
            return HTTPRequest(.patch, base.appendingPathComponent("services/data/\(apiVersion)/composite/sobjects"),
                               headers: Self.headers(auth), body: body)
        } decode: { response in
            try SalesforceCollectionResults.parse(response, keys: keys, strict: true)
        }
    }

    /// `PATCH …/sobjects/<object>/<id>` with `If-Unmodified-Since` (the time rounded down to the second, as HTTP
    /// dates are): 204 written, 412 changed remotely, another 4xx with Salesforce's error array rejected. A record
    /// changed within the same second as `unmodifiedSince` passes the check: the header cannot say more.
    /// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/intro_rest_conditional_requests.htm
    func updateIfUnmodified(_ object: String, _ change: RecordWrite, types: [String: String])
        async throws(APIError) -> SentOutcome<RecordWriteResult>
    {
        let key = change.key
        guard SalesforceNames.isRecordID(key) else {
            return .answered(RecordWriteResult(key: key, status: .rejected, errors: [RemoteRecordError(
                code: "MALFORMED_ID", message: "`\(key)` is not a Salesforce record id (15 or 18 letters and "
                    + "digits); nothing was sent")]))
        }
        let endpoint = recordEndpoint
        let body = try Self.encode(
            SalesforceWire.RecordUpdate(type: nil, id: nil, fields: Self.values(change.fields, types: types)),
            endpoint: endpoint)
        let since = WireTime.httpDate(change.unmodifiedSince ?? 0)
        let path = "services/data/\(source.apiVersion)/sobjects/\(object)/\(key)"
        var client = source.client
        client.dialect = Self.recordDialect
        return try await client.write(endpoint: endpoint) { auth throws(APIError) in
            guard let base = auth?.instanceURL else {
                throw APIError(.invalidResponse, endpoint: endpoint, message: "no instance URL")
            }
            var headers = Self.headers(auth)
            headers["If-Unmodified-Since"] = since
            return HTTPRequest(.patch, base.appendingPathComponent(path), headers: headers, body: body)
        } decode: { response in
            switch response.status {
            case 200..<300:
                return RecordWriteResult(key: key, status: .written)
            case 412:
                let errors = Self.errors(response)
                return RecordWriteResult(key: key, status: .changedRemotely, errors: errors.isEmpty ? [
                    RemoteRecordError(code: "PRECONDITION_FAILED", message: "modified since \(since)"),
                ] : errors)
            default:
                return RecordWriteResult(key: key, status: .rejected, errors: Self.errors(response))
            }
        }
    }

    /// Salesforce's dialect, where a single record's 412, and a 400 or 404 with Salesforce's error array (a bad
    /// picklist value, a read-only field, a deleted record), are that record's result rather than a failed call.
    static let recordDialect: APIDialect = {
        let base = SalesforceSource.dialect
        return APIDialect(
            errorDetail: base.errorDetail, isSessionExpired: base.isSessionExpired,
            isQuotaExhausted: base.isQuotaExhausted, rateWindow: base.rateWindow,
            documentedLimits: base.documentedLimits
        ) { response, now in
            let action = base.classify(response, now)
            guard case .fatal(let code, _) = action, code == .badRequest || code == .notFound else { return action }
            if response.status == 412 || !SalesforceSink.errors(response).isEmpty { return .recordErrors }
            return action
        }
    }()

    /// The entries of Salesforce's error array that have a code.
    static func errors(_ response: HTTPResponse) -> [RemoteRecordError] {
        let entries = (try? JSONDecoder().decode([SalesforceWire.ErrorEntry].self, from: response.body)) ?? []
        return entries.compactMap { entry in
            entry.errorCode.map {
                RemoteRecordError(code: $0, message: entry.message ?? "no detail", fields: entry.fields ?? [])
            }
        }
    }

    /// The object's field types by lower-cased name, from its (cached) describe.
    func fieldTypes(_ object: String) async throws(APIError) -> [String: String] {
        var types: [String: String] = [:]
        for field in try await source.describe(object) { types[field.name.lowercased()] = field.type }
        return types
    }

    static func values(_ fields: [String: String], types: [String: String]) -> [String: SalesforceWire.FieldValue] {
        fields.reduce(into: [:]) { values, field in
            values[field.key] = SalesforceWire.FieldValue(field.value, type: types[field.key.lowercased()])
        }
    }

    static func requireNames(_ names: some Sequence<String>, endpoint: String) throws(APIError) {
        for name in names where !SalesforceNames.isAPIName(name) {
            throw APIError(.badRequest, endpoint: endpoint, message: "`\(name)` is not a Salesforce API name (a "
                + "letter, then letters, digits and underscores); check the mapping's push fields")
        }
    }

    static func encode(_ body: some Encodable, endpoint: String) throws(APIError) -> Data {
        do {
            return try JSONEncoder().encode(body)
        } catch {
            throw APIError(.badRequest, endpoint: endpoint, message: "the values cannot be written as JSON: \(error)")
        }
    }

    static func headers(_ token: AccessToken?) -> [String: String] {
        var headers = SalesforceSource.headers(token, batchSize: nil)
        headers["Content-Type"] = "application/json"
        return headers
    }
}

extension SalesforceSink {
    public var bulkThreshold: Int { bulk.bulkThreshold }

    public func openBulkJob(object: String) async throws -> String { try await bulk.openBulkJob(object: object) }

    public func uploadAndClose(jobID: String, object: String, _ changes: [RecordWrite]) async throws {
        try await bulk.uploadAndClose(jobID: jobID, object: object, changes)
    }

    public func bulkResults(jobID: String) async throws -> BulkJobOutcome { try await bulk.bulkResults(jobID: jobID) }

    public func abortBulkJob(jobID: String) async throws { try await bulk.abortBulkJob(jobID: jobID) }
}

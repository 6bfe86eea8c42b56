import LeadBridge

extension MarketoSource {
    /// Leads are read by id, 300 a call. Not activities: a rejected activity is not read again (`--full` does).
    public func keyBatchLimit(for stream: PullStream) -> Int {
        stream.name == Self.leadsStream.name ? Self.leadBatch : 0
    }

    /// The leads with these ids through `leads.json?filterType=id`; ids not returned (deleted, merged away) are
    /// missing.
    public func records(keyed keys: [String], request: PullRequest) async throws -> KeyedRecords {
        do throws(APIError) {
            let records = try await leads(keys, fields: request.fields, read: 0)
            let found = Set(records.compactMap { $0["id"] })
            return KeyedRecords(records: records, missingKeys: keys.filter { !found.contains($0) })
        } catch {
            guard error.code == .budgetExhausted || error.code == .quotaExhausted else { throw error }
            throw PullInterruption(error.code == .budgetExhausted ? .budgetExhausted : .remoteLimit,
                "marketo: \(error.message)")
        }
    }
}

extension MarketoSource {
    /// The lead fields (`leads/describe.json`), by REST name.
    public func describe() async throws(APIError) -> [RemoteField] {
        let describe = try await get(MarketoWire.Describe.self, "rest/v1/leads/describe.json", query: "",
                                     endpoint: Self.describeEndpoint)
        return (describe.result ?? []).compactMap { field in
            field.rest.map { RemoteField(name: $0.name, label: field.displayName ?? $0.name,
                                         type: field.dataType ?? "string", readOnly: $0.readOnly ?? false) }
        }
    }
}

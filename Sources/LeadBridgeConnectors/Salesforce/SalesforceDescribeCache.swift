import LeadBridge
/// The describe of each object, fetched once per source.
actor SalesforceDescribeCache {
    private var fields: [String: [RemoteField]] = [:]

    func fields(of object: String, fetch: @Sendable () async throws(APIError) -> [RemoteField])
        async throws(APIError) -> [RemoteField]
    {
        if let known = fields[object] { return known }
        let fetched = try await fetch()
        fields[object] = fetched
        return fetched
    }
}

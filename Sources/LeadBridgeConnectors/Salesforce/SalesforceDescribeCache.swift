import LeadBridge

/// The describe of each object, fetched once per source: concurrent askers of the same object share one call.
actor SalesforceDescribeCache {
    private var fields: [String: Task<[RemoteField], any Error>] = [:]

    func fields(of object: String, fetch: @escaping @Sendable () async throws(APIError) -> [RemoteField])
        async throws(APIError) -> [RemoteField]
    {
        let task = fields[object] ?? Task { try await fetch() }
        fields[object] = task
        do {
            return try await task.value
        } catch let error as APIError {
            // A failed describe is asked again next time.
            fields[object] = nil
            throw error
        } catch {
            fields[object] = nil
            throw APIError(.invalidResponse, endpoint: "describe \(object)", message: "\(error)")
        }
    }
}

/// The instance's activity types (`activities/types.json`), fetched once per run and shared by the streams.
actor MarketoActivityTypeCache {
    private var types: [MarketoWire.ActivityType]?

    func types(
        _ fetch: @Sendable () async throws(APIError) -> [MarketoWire.ActivityType]
    ) async throws(APIError) -> [MarketoWire.ActivityType] {
        if let types { return types }
        let fetched = try await fetch()
        types = fetched
        return fetched
    }
}

/// Holds an OAuth access token and refreshes it once per expiry, however many requests notice the expiry.
///
/// Concurrent callers that need a token while one is being fetched wait for that fetch; a caller reporting a token
/// that was already replaced does not trigger another fetch.
public actor TokenCache: Authenticator {
    public typealias Fetch = @Sendable (_ generation: Int) async throws(APIError) -> AccessToken

    private let fetch: Fetch
    private var current: AccessToken?
    private var inFlight: Task<AccessToken, any Error>?
    private var generation = 0
    /// Tokens fetched so far (the first one included).
    public private(set) var fetches = 0

    public init(fetch: @escaping Fetch) {
        self.fetch = fetch
    }

    public func token() async throws(APIError) -> AccessToken {
        if let current { return current }
        if inFlight == nil {
            generation += 1
            fetches += 1
            let fetch = self.fetch
            let generation = self.generation
            inFlight = Task { () async throws -> AccessToken in try await fetch(generation) }
        }
        let task = inFlight!
        do {
            let token = try await task.value
            if inFlight == task {
                current = token
                inFlight = nil
            }
            return token
        } catch {
            if inFlight == task { inFlight = nil }
            throw error as? APIError ?? APIError(.authentication, endpoint: "token", message: "\(error)")
        }
    }

    public func invalidate(_ token: AccessToken) async -> Bool {
        if current?.generation == token.generation { current = nil }
        return true
    }
}

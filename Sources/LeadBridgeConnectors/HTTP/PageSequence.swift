import LeadBridge

/// Paging as an `AsyncSequence`: fetch a page for a token, get the next token, stop at nil.
///
/// The loop guard: a token already followed throws ``APIError/Code/pagingLoop`` instead of paging for ever.
public struct PageSequence<Token: Hashable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = RecordPage
    public typealias Fetch = @Sendable (Token) async throws -> (page: RecordPage, next: Token?)

    let first: Token
    let endpoint: String
    let fetch: Fetch

    public init(first: Token, endpoint: String, fetch: @escaping Fetch) {
        self.first = first
        self.endpoint = endpoint
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(next: first, endpoint: endpoint, fetch: fetch)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var next: Token?
        var seen: Set<Token> = []
        let endpoint: String
        let fetch: Fetch

        init(next: Token?, endpoint: String, fetch: @escaping Fetch) {
            self.next = next
            self.endpoint = endpoint
            self.fetch = fetch
        }

        public mutating func next() async throws -> RecordPage? {
            guard let token = next else { return nil }
            guard seen.insert(token).inserted else {
                next = nil
                throw APIError(.pagingLoop, endpoint: endpoint, message:
                    "the API returned a page token it had already returned; stopping instead of paging for ever")
            }
            let (page, following) = try await fetch(token)
            next = following
            return page
        }
    }
}

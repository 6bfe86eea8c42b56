import LeadBridge

/// The pages of one Marketo stream: through the REST API's paging tokens (``MarketoPageToken``), or, for the first
/// load of a connection with `first_load: bulk`, through bulk export jobs (``MarketoBulkToken``).
public struct MarketoPages: AsyncSequence, Sendable {
    public typealias Element = RecordPage

    enum Mode: Sendable {
        case paged(PageSequence<MarketoPageToken>)
        case bulk(MarketoBulkPages.Start)
    }

    let mode: Mode

    public func makeAsyncIterator() -> AsyncIterator {
        switch mode {
        case .paged(let sequence): AsyncIterator(paged: sequence.makeAsyncIterator(), bulk: nil)
        case .bulk(let start): AsyncIterator(paged: nil, bulk: MarketoBulkPages(start))
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var paged: PageSequence<MarketoPageToken>.AsyncIterator?
        var bulk: MarketoBulkPages?

        public mutating func next() async throws -> RecordPage? {
            if paged != nil { return try await paged!.next() }
            guard bulk != nil else { return nil }
            return try await bulk!.next()
        }
    }
}

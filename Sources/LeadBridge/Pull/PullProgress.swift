/// Progress of a running pull, reported after every stored page.
public struct PullProgress: Sendable, Equatable {
    public var stream: String
    public var pages: Int
    public var records: Int
    public var seconds: Double

    public init(stream: String, pages: Int, records: Int, seconds: Double) {
        self.stream = stream
        self.pages = pages
        self.records = records
        self.seconds = seconds
    }

    /// Records per second so far.
    public var rate: Double { seconds > 0 ? Double(records) / seconds : 0 }
}

/// What a pull did, stream by stream, for the terminal, `--json` and the `runs` table.
public struct PullReport: Sendable, Equatable {
    /// One stream's share of the run.
    public struct StreamReport: Sendable, Equatable {
        public var stream: String
        public var pages = 0
        public var read = 0
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        public var skipped = 0
        public var rejected = 0
        /// Records the source reported deleted or archived, kept as tombstones.
        public var deleted = 0
        /// Keys rejected by earlier runs that this run read again by key (those the stream's own pages did not
        /// bring back); their records count in `read`, `created`, `updated`, `rejected` like the pages'.
        public var retried = 0
        /// Keys rejected by earlier runs that the remote no longer has: they left the retry list.
        public var gone: [String] = []
        /// Where the pull started (after the lookback), UTC ms; nil for a full pull.
        public var since: Int64?
        /// The cursor stored at the end.
        public var cursor: StreamCursor?

        public init(stream: String) { self.stream = stream }

        mutating func add(_ page: Puller.PageOutcome) {
            if page.retried > 0 {
                retried += page.retried
                gone += page.missingKeys
            } else {
                pages += 1
            }
            read += page.records
            created += page.result.created
            updated += page.result.updated
            unchanged += page.result.unchanged
            skipped += page.skipped
            rejected += page.rejected
            deleted += page.deleted
            if let cursor = page.cursor, self.cursor.map({ $0 < cursor }) ?? true { self.cursor = cursor }
        }
    }

    public var runID: Int64
    public var connection: String
    public var streams: [StreamReport] = []
    /// API calls per endpoint (`METHOD /path`), as counted by the source.
    public var apiCalls: [String: Int] = [:]
    /// Set when the pull stopped early but cleanly (budget spent): what was stored stays, the next run resumes.
    public var interruption: PullInterruption?
    /// What the pull set aside and went on without (an optional mapped field the remote lacks), `file:line: …`.
    public var warnings: [String] = []
    public var seconds = 0.0

    public init(runID: Int64, connection: String) {
        self.runID = runID
        self.connection = connection
    }

    public var read: Int { streams.reduce(0) { $0 + $1.read } }
    public var retried: Int { streams.reduce(0) { $0 + $1.retried } }
    public var rejected: Int { streams.reduce(0) { $0 + $1.rejected } }
    public var totalAPICalls: Int { apiCalls.values.reduce(0, +) }

    /// Counters for the `runs` table.
    public var counts: [String: Int] {
        var counts: [String: Int] = ["api_calls": totalAPICalls]
        for stream in streams {
            counts["\(stream.stream).read"] = stream.read
            counts["\(stream.stream).created"] = stream.created
            counts["\(stream.stream).updated"] = stream.updated
            counts["\(stream.stream).unchanged"] = stream.unchanged
            counts["\(stream.stream).rejected"] = stream.rejected
            counts["\(stream.stream).pages"] = stream.pages
            counts["\(stream.stream).deleted"] = stream.deleted
            if stream.retried > 0 { counts["\(stream.stream).retried"] = stream.retried }
            if !stream.gone.isEmpty { counts["\(stream.stream).gone"] = stream.gone.count }
        }
        return counts
    }
}

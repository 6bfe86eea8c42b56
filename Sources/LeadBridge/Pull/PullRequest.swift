/// What a ``Puller`` asks a ``RecordSource`` for: one stream's records modified at or after a time.
public struct PullRequest: Sendable, Equatable {
    public var stream: PullStream
    /// Records modified at or after this instant, in UTC milliseconds; nil for everything (a full pull).
    public var modifiedSince: Int64?
    /// The remote fields the mapping reads (the source may add its key and modification fields).
    public var fields: [String]
    /// The paging token stored with the last page a run stored (``RecordPage/pageToken``), for a source that pages
    /// by token: it resumes there instead of at `modifiedSince`; nil for a full pull.
    public var pageToken: String?
    /// For a stream of activities: the type values the mapping keeps (its `type:` map's keys when its default is
    /// `skip`), so that a source that asks for activities by type asks only for those; nil when it keeps any.
    public var activityTypes: [String]?

    public init(stream: PullStream, modifiedSince: Int64?, fields: [String], pageToken: String? = nil,
                activityTypes: [String]? = nil) {
        self.stream = stream
        self.modifiedSince = modifiedSince
        self.fields = fields
        self.pageToken = pageToken
        self.activityTypes = activityTypes
    }
}

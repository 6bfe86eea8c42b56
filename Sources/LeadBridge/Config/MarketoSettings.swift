/// The settings of a `kind: marketo` connection.
public struct MarketoSettings: Sendable, Equatable {
    public var api: APISettings

    /// Marketo's `batchSize` on lead and activity reads.
    public static let pageSizes = 1...300

    public init(api: APISettings = APISettings()) {
        self.api = api
    }
}

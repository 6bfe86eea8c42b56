/// The settings of a `kind: salesforce` connection.
public struct SalesforceSettings: Sendable, Equatable {
    public var api: APISettings

    /// The SOQL batch sizes Salesforce accepts (`Sforce-Query-Options: batchSize`).
    public static let pageSizes = 200...2_000

    public init(api: APISettings = APISettings()) {
        self.api = api
    }
}

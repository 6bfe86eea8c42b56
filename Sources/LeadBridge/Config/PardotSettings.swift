/// The settings of a `kind: pardot` connection.
public struct PardotSettings: Sendable, Equatable {
    public var api: APISettings
    /// `business_unit_id`: the Pardot business unit (`0Uv…`, 18 characters) sent as `Pardot-Business-Unit-Id`.
    public var businessUnitID: String?
    /// `login_url`: the Salesforce login (or My Domain) URL whose OAuth token endpoint issues the access token that
    /// Pardot accepts; nil for `https://login.salesforce.com`.
    public var loginURL: String?

    /// Pardot v4 query `limit`.
    public static let pageSizes = 1...200

    public init(api: APISettings = APISettings(), businessUnitID: String? = nil, loginURL: String? = nil) {
        self.api = api
        self.businessUnitID = businessUnitID
        self.loginURL = loginURL
    }
}

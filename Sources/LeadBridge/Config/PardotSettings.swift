/// The settings of a `kind: pardot` connection.
public struct PardotSettings: Sendable, Equatable {
    public var api: APISettings
    /// `business_unit_id`: the Pardot business unit (`0Uv…`, 18 characters) sent as `Pardot-Business-Unit-Id`.
    public var businessUnitID: String?

    /// Pardot v4 query `limit`.
    public static let pageSizes = 1...200

    public init(api: APISettings = APISettings(), businessUnitID: String? = nil) {
        self.api = api
        self.businessUnitID = businessUnitID
    }
}

/// What a CRM search runs over: records by position, with their numeric id, their date properties in epoch
/// milliseconds and their other properties as text. Contacts and each engagement object conform.
protocol HubSpotSearchable {
    /// Positions are `0..<count`.
    var count: Int { get }
    /// False for records a search never returns (archived contacts).
    func isSearchable(_ position: Int) -> Bool
    /// `hs_object_id`.
    func objectID(_ position: Int) -> Int64
    /// A date property of the record in epoch milliseconds; nil when `property` is not one of its date properties.
    func dateMillis(_ position: Int, property: String) -> Int64?
    /// Every property, as strings (nil for an empty value).
    func properties(_ position: Int) -> [String: String?]
    /// True when positions are already in ascending (`property`, id) order, so an ascending sort on it is free.
    func isOrdered(by property: String) -> Bool
}

extension HubSpotSearchable {
    func isSearchable(_ position: Int) -> Bool { true }
    func isOrdered(by property: String) -> Bool { false }
}

/// The rest of a SOQL result, held server-side for `nextRecordsUrl`.
struct SalesforceQueryCursor: Sendable {
    var object: String
    var fields: [String]
    /// Ordinal positions of the matching records, in result order.
    var rows: [Int]
    /// Where the next batch starts.
    var offset: Int
    var totalSize: Int
}

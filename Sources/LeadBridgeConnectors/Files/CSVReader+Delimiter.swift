extension CSVReader {
    /// The byte that separates fields: a comma by default; semicolons where the comma is the decimal separator
    /// (Excel in much of Europe); tabs for `.tsv` exports.
    public enum Delimiter: String, Sendable, CaseIterable {
        case comma = ","
        case semicolon = ";"
        case tab = "\t"

        var byte: UInt8 {
            switch self {
            case .comma: UInt8(ascii: ",")
            case .semicolon: UInt8(ascii: ";")
            case .tab: UInt8(ascii: "\t")
            }
        }

        var displayName: String {
            switch self {
            case .comma: "comma (,)"
            case .semicolon: "semicolon (;)"
            case .tab: "tab"
            }
        }
    }
}

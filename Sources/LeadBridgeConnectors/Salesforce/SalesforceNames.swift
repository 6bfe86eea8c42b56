/// The record ids and API names LeadBridge puts into SOQL and URLs, checked first so that no key or field name can
/// change a query or a path.
enum SalesforceNames {
    /// A record id: 15 case-sensitive or 18 case-insensitive letters and digits (`00Q5g00000AbCdEAAZ`).
    static func isRecordID(_ id: String) -> Bool {
        (id.utf8.count == 15 || id.utf8.count == 18) && id.utf8.allSatisfy(isAlphanumeric)
    }

    /// An object or field API name (`Lead`, `Lead_Score__c`, `acme__Grade__c`): a letter, then letters, digits and
    /// underscores.
    static func isAPIName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first), name.utf8.count <= 255 else { return false }
        return name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") }
    }

    /// The 15-character form of an id: 18-character ids add a case-checksum suffix to it.
    static func short(_ id: String) -> Substring { id.prefix(15) }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (48...57).contains(byte)
    }
}

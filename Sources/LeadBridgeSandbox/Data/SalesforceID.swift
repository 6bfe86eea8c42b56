/// Salesforce record ids: a 3-character key prefix (`00Q` Lead, `003` Contact, `00T` Task, `00v` CampaignMember,
/// `701` Campaign), then the number, as 15 case-sensitive characters plus the 3-character case-insensitive suffix.
/// https://help.salesforce.com/s/articleView?id=000385008 (15- and 18-character record ids)
enum SalesforceID {
    static let lead = "00Q"
    static let contact = "003"
    static let task = "00T"
    static let campaignMember = "00v"
    static let campaign = "701"
    private static let pod = "Sb0"

    static func make(prefix: String, number: Int) -> String {
        let digits = String(number)
        let base = prefix + pod + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
        return base + suffix(of: base)
    }

    /// The prefix and number of an id made by `make`, accepting 15- and 18-character forms.
    static func parse(_ id: String) -> (prefix: String, number: Int)? {
        guard id.count == 15 || id.count == 18 else { return nil }
        let chars = Array(id)
        let base = String(chars[0..<15])
        if id.count == 18, String(chars[15..<18]).uppercased() != suffix(of: base) { return nil }
        guard String(chars[3..<6]) == pod, let number = Int(String(chars[6..<15])) else { return nil }
        return (String(chars[0..<3]), number)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")

    private static func suffix(of base: String) -> String {
        let chars = Array(base)
        var result = ""
        for chunk in 0..<3 {
            var bits = 0
            for position in 0..<5 where chars[chunk * 5 + position].isUppercase {
                bits |= 1 << position
            }
            result.append(alphabet[bits])
        }
        return result
    }
}

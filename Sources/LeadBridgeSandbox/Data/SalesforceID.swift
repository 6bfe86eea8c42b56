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

    /// The prefix and number of an id made by `make`, accepting 15- and 18-character forms: the number is the nine
    /// digits after the pod, and the suffix, when given, must be the one the first 15 characters call for (in any
    /// case).
    static func parse(_ id: String) -> (prefix: String, number: Int)? {
        // Printable ASCII (every well-formed id): characters are bytes, so read the bytes.
        guard id.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return parseCharacters(id) }
        let bytes = Array(id.utf8)
        guard bytes.count == 15 || bytes.count == 18, bytes[3..<6].elementsEqual(pod.utf8) else { return nil }
        var number = 0
        for byte in bytes[6..<15] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
        if bytes.count == 18 {
            let expected = asciiSuffix(of: bytes[0..<15])
            for (given, wanted) in zip(bytes[15..<18], expected) {
                let upper = given >= UInt8(ascii: "a") && given <= UInt8(ascii: "z") ? given - 32 : given
                guard upper == wanted else { return nil }
            }
        }
        return (String(decoding: bytes[0..<3], as: UTF8.self), number)
    }

    /// `parse` on characters, for ids that are not printable ASCII.
    private static func parseCharacters(_ id: String) -> (prefix: String, number: Int)? {
        guard id.count == 15 || id.count == 18 else { return nil }
        let chars = Array(id)
        let base = String(chars[0..<15])
        if id.count == 18, String(chars[15..<18]).uppercased() != suffix(of: base) { return nil }
        guard String(chars[3..<6]) == pod, chars[6..<15].allSatisfy({ ("0"..."9").contains($0) }),
              let number = Int(String(chars[6..<15])) else { return nil }
        return (String(chars[0..<3]), number)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")
    private static let asciiAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".utf8)

    /// The suffix: per 5-character chunk of the first 15, a letter whose bits mark the upper-case ones.
    private static func suffix(of base: String) -> String {
        let bytes = Array(base.utf8.prefix(15))
        if bytes.count == 15, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return String(decoding: asciiSuffix(of: bytes[...]), as: UTF8.self)
        }
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

    private static func asciiSuffix(of base: ArraySlice<UInt8>) -> [UInt8] {
        (0..<3).map { chunk in
            var bits = 0
            for position in 0..<5 {
                let byte = base[base.startIndex + chunk * 5 + position]
                if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { bits |= 1 << position }
            }
            return asciiAlphabet[bits]
        }
    }
}

/// The one text normalizer: how mapping (transforms, canonical field types) and scoring (fit rules) trim, fold and
/// read the domain of a value, so that a value compares the same wherever it is read.
enum TextNormalizer {
    /// Trims spaces, tabs and line breaks; nil when nothing is left.
    static func trimmed(_ value: String) -> String? {
        let utf8 = value.utf8
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return nil }
        let last = utf8.lastIndex(where: { !isSpace($0) })!
        if first == utf8.startIndex, last == utf8.index(before: utf8.endIndex) { return value }
        return String(value[first...last])
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xA0
    }

    /// Trimmed and lower-cased, for comparing values without regard to case or surrounding space; "" when blank.
    static func folded(_ value: String) -> String {
        trimmed(value)?.lowercased() ?? ""
    }

    /// Trimmed, lower-cased, and checked for the shape local@domain.tld; nil when it is not an address.
    static func normalizedEmail(_ value: String) -> String? {
        guard let trimmed = trimmed(value) else { return nil }
        let email = trimmed.lowercased()
        var at = -1
        var lastDot = -1
        var index = 0
        for byte in email.utf8 {
            switch byte {
            case 0x40:
                guard at < 0 else { return nil }
                at = index
            case 0x2E:
                lastDot = index
            case 0x20, 0x09, 0x2C, 0x3B, 0x3C, 0x3E, 0x22, 0x28, 0x29, 0x5B, 0x5D, 0x5C:
                return nil
            default:
                break
            }
            index += 1
        }
        guard at > 0, lastDot > at + 1, lastDot < index - 1 else { return nil }
        return email
    }

    /// The domain of an email address or URL, lower-cased and without `www.`: `Ann@WWW.Acme.com` and
    /// `https://www.acme.com/pricing` both give `acme.com`. Nil when there is none.
    static func domain(of value: String) -> String? {
        guard let trimmed = trimmed(value) else { return nil }
        var bytes = Array(trimmed.utf8)
        if let at = bytes.lastIndex(of: 0x40) {
            bytes.removeSubrange(...at)
            while let first = bytes.first, isSpace(first) { bytes.removeFirst() }
        } else {
            if let colon = bytes.firstIndex(of: 0x3A), bytes.count > colon + 2, bytes[colon + 1] == 0x2F,
                bytes[colon + 2] == 0x2F
            {
                bytes.removeSubrange(...(colon + 2))
            }
            if let end = bytes.firstIndex(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 || $0 == 0x3A }) {
                bytes.removeSubrange(end...)
            }
        }
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] += 0x20 }
        if bytes.starts(with: Array("www.".utf8)) { bytes.removeFirst(4) }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self).lowercased()
    }

    /// The domain of an email address as ``domain(of:)`` reads it; "" when the text has no `@` (it is not read
    /// as a URL) or nothing after it.
    static func emailDomain(of value: String) -> String {
        guard value.utf8.contains(0x40) else { return "" }
        return domain(of: value) ?? ""
    }

    /// A whole number; accepts thousands separators (`1,200`) and a zero fraction (`120.0`).
    static func integer(_ value: String) -> Int64? {
        guard let text = trimmed(value) else { return nil }
        if let number = Int64(text) { return number }
        let cleaned = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
        if let number = Int64(cleaned) { return number }
        if let number = Double(cleaned), number.rounded() == number, abs(number) < 9e15 { return Int64(number) }
        return nil
    }

    static func bool(_ value: String) -> Bool? {
        switch trimmed(value)?.lowercased() {
        case "true", "yes", "y", "1", "on": true
        case "false", "no", "n", "0", "off": false
        default: nil
        }
    }
}

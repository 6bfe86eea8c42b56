import Foundation

/// Small JSON helpers for the store's JSON columns (objects of text values) and reject records.
public enum JSONText {
    /// A JSON object with sorted keys, so that equal dictionaries give equal text.
    public static func object(_ values: [String: String]) -> String {
        var text = "{"
        for (index, key) in values.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            text += quoted(key) + ":" + quoted(values[key]!)
        }
        return text + "}"
    }

    /// A JSON array of strings.
    public static func array(_ values: [String]) -> String {
        var text = "["
        text.reserveCapacity(values.count * 24)
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            text += quoted(value)
        }
        return text + "]"
    }

    public static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    public static func decodeObject(_ text: String) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            return nil
        }
        return object.compactMapValues { value in
            switch value {
            case let string as String: string
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }
    }
}

import Foundation

/// Small JSON helpers for the store's JSON columns (objects of text values) and reject records.
public enum JSONText {
    /// A JSON object with sorted keys, so that equal dictionaries give equal text.
    public static func object(_ values: [String: String]) -> String {
        if values.count == 1, let (key, value) = values.first { return "{" + quoted(key) + ":" + quoted(value) + "}" }
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
        var string = string
        // Most values need no escaping: copy their bytes whole (a scalar at a time cost the import writer 5%).
        let plain = string.withUTF8 { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C } }
        if plain { return "\"" + string + "\"" }
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

    /// Appends `string` quoted and escaped as ``quoted(_:)`` writes it, as UTF-8, to `bytes`.
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        var string = string
        let plain = string.withUTF8 { text in
            guard text.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: text)
            bytes.append(0x22)
            return true
        }
        if !plain { bytes.append(contentsOf: quoted(string).utf8) }
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

import Foundation

/// Small JSON helpers for the store's JSON columns (objects of text values) and reject records.
public enum JSONText {
    /// A JSON object with sorted keys, so that equal dictionaries give equal text.
    public static func object(_ values: [String: String]) -> String {
        var bytes: [UInt8] = []
        appendObject(values, text: { $0 }, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``object(_:)``'s text of `values` (each as `text` gives it) as UTF-8 to `bytes`: built as bytes, as
    /// the import writes a million of them.
    static func appendObject<Value>(_ values: [String: Value], text: (Value) -> String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        func append(_ key: String, _ value: Value) {
            appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendQuoted(text(value), to: &bytes)
        }
        if values.count == 1, let (key, value) = values.first {
            append(key, value)
        } else {
            for (index, key) in values.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(key, values[key]!)
            }
        }
        bytes.append(UInt8(ascii: "}"))
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
        if string.withUTF8(needsNoEscaping) { return "\"" + string + "\"" }
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
            guard needsNoEscaping(text) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: text)
            bytes.append(0x22)
            return true
        }
        if !plain { bytes.append(contentsOf: quoted(string).utf8) }
    }

    /// True when no byte needs an escape: no control character, quote or backslash.
    private static func needsNoEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }
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

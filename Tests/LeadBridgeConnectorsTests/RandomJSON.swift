import Foundation

/// SplitMix64, for reproducible random test data.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON objects, and an independent flattening of them through `JSONSerialization`.
enum RandomJSON {
    static let names = ["id", "email", "name", "props", "tags", "n", "ok", "note", "a", "b"]
    static let strings = [
        "x", "", "Zoë", "a \\\"q\\\"", "tab\\tend", "\\u00e9t\\u00e9", "😀", "semi;colon", "slash\\/",
    ]

    /// An object with distinct names (duplicate names are not compared: Foundation keeps only the last).
    static func object(_ random: inout SplitMix, depth: Int) -> String {
        let count = Int.random(in: 0...6, using: &random)
        let members = names.shuffled(using: &random).prefix(count).map { name in
            "\"\(name)\":\(value(&random, depth: depth))"
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func value(_ random: inout SplitMix, depth: Int) -> String {
        switch Int.random(in: 0...(depth < 3 ? 7 : 5), using: &random) {
        case 0: return "\"\(strings.randomElement(using: &random)!)\""
        case 1: return String(Int.random(in: -1_000_000...1_000_000, using: &random))
        case 2: return Bool.random(using: &random) ? "true" : "false"
        case 3: return "null"
        case 4, 5:
            let items = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                Bool.random(using: &random) ? "\"\(strings.randomElement(using: &random)!)\"" : "7"
            }
            return "[" + items.joined(separator: ",") + "]"
        default: return object(&random, depth: depth + 1)
        }
    }

    /// Flattens with dotted names, `;`-joined scalar arrays, null absent.
    static func flattenWithFoundation(_ line: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        flatten(object, prefix: "", into: &fields)
        return fields
    }

    private static func flatten(_ object: [String: Any], prefix: String, into fields: inout [String: String]) {
        for (key, value) in object {
            let name = prefix + key
            switch value {
            case let nested as [String: Any]: flatten(nested, prefix: name + ".", into: &fields)
            case let array as [Any]:
                let scalars = array.compactMap(text)
                if !scalars.isEmpty { fields[name] = scalars.joined(separator: ";") }
            default:
                if let scalar = text(value) { fields[name] = scalar }
            }
        }
    }

    private static func text(_ value: Any) -> String? {
        switch value {
        case is NSNull: return nil
        case let string as String: return string
        case let number as NSNumber:
            // Foundation reads true and false as NSNumbers of type char.
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        default: return nil
        }
    }
}

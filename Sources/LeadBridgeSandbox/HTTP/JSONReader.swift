import Foundation

/// A strict, fast reader of JSON text into ``JSONValue``, for request bodies and the state file.
///
/// It yields what `JSONDecoder().decode(JSONValue.self, from:)` yields (numbers that are whole and fit become
/// `.int`, as that decoder's `Int` attempt succeeds for `5.0` and `1e2`; the first of duplicate keys wins), but
/// without the decoder's failed attempts per value (each one builds an error: most of a 100-record batch's cost).
/// Where Foundation's reader is lenient or the reading is unclear (a trailing comma, a byte-order mark, duplicate
/// keys, numbers beyond 2^53, invalid text), it returns nil, and ``decode(_:)`` falls back to `JSONDecoder`.
struct JSONReader {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The JSON value of `bytes` as `JSONDecoder` reads it; nil when the bytes are not JSON.
    static func decode(_ bytes: [UInt8]) -> JSONValue? {
        if let value = read(bytes) { return value }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The strict reading alone: nil when the text is not plain JSON or is an edge case left to `JSONDecoder`.
    static func read(_ bytes: [UInt8]) -> JSONValue? {
        var reader = JSONReader(bytes)
        reader.skipWhitespace()
        guard let value = reader.value() else { return nil }
        reader.skipWhitespace()
        // (not a conditional expression: its `nil` would read as JSONValue's nil literal, `.null`)
        guard reader.position == bytes.count else { return nil }
        return value
    }

    private static let maximumDepth = 256

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value() -> JSONValue? {
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return nil }
        let text = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[position + offset] != text[offset] { return nil }
        position += count
        return value
    }

    private mutating func object() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
            position += 1
            skipWhitespace()
            guard let member = value(), members.updateValue(member, forKey: key) == nil else { return nil }
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default: return nil
            }
        }
    }

    private mutating func array() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            guard let element = value() else { return nil }
            elements.append(element)
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default: return nil
            }
        }
    }

    /// A string literal from its opening quote; nil on a raw control character, a lone surrogate or invalid UTF-8.
    private mutating func string() -> String? {
        position += 1
        let start = position
        // The common case: no escapes, so the bytes between the quotes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = bytes[start..<position].withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            position += 1
        }
        var scalars = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return scalars.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { return nil }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    scalars.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                scalars.append(byte)
                position += 1
            }
        }
        return nil
    }

    /// The scalar of `\uXXXX` (after the `u`), joining a surrogate pair.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800...0xDBFF).contains(high) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                  bytes[position + 1] == UInt8(ascii: "u") else { return nil }
            position += 2
            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// A number in JSON's grammar: `.int` when it is whole and within ±2^53, `.double` otherwise; nil outside that
    /// range, on an underflow to zero, or on a malformed number.
    private mutating func number() -> JSONValue? {
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        var significant = false
        let integerStart = position
        digits(&significant)
        let integerDigits = position - integerStart
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
        var isWhole = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isWhole = false
            position += 1
            let fractionStart = position
            digits(&significant)
            guard position > fractionStart else { return nil }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isWhole = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            let exponentStart = position
            var ignored = false
            digits(&ignored)
            guard position > exponentStart else { return nil }
        }
        let text = bytes[start..<position].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        if isWhole, integerDigits <= 15, let int = Int(text) { return .int(int) }
        let limit = 9_007_199_254_740_992.0  // 2^53: beyond it, leave the reading to JSONDecoder
        guard let double = Double(text), double.isFinite, abs(double) <= limit, double != 0 || !significant else {
            return nil
        }
        if let int = Int(exactly: double) { return .int(int) }
        return .double(double)
    }

    /// Skips decimal digits, noting whether any of them is not zero.
    private mutating func digits(_ significant: inout Bool) {
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            if bytes[position] != UInt8(ascii: "0") { significant = true }
            position += 1
        }
    }
}

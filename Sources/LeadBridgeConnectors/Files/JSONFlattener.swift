#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LeadBridge

/// Parses one JSON object straight from bytes into flat text fields, in one pass.
///
/// Nested objects become dotted names (`properties.email`); strings are unescaped; numbers keep the text they were
/// written with (`1.50` stays `1.50`, big integers keep every digit); `true`/`false` become text; `null` is absent;
/// an array of scalars becomes one field joined with `;`, and objects or arrays inside an array are flattened
/// under their position (`items.0.name`). A later duplicate name replaces the earlier one.
///
/// Written for the export readers instead of `JSONSerialization`, which is slower, rounds numbers, and builds an
/// untyped tree that would only be walked once to flatten it.
struct JSONFlattener {
    /// Why a value is not an acceptable JSON object: a reject code, a message, and the byte offset in the input.
    struct Failure: Error {
        var code: String
        var message: String
        var offset: Int
    }

    /// Objects and arrays nested deeper than this are refused rather than risking the stack.
    static let maximumDepth = 256

    private static let controlCharacterMessage = "a control character must be escaped inside a string (\\n, \\t, "
        + "\\u00XX)"

    private var base: UnsafePointer<UInt8>?
    private var index = 0
    private var end = 0
    private var depth = 0
    private var fields: RecordFieldsBuilder
    private var paths: FieldPathTable
    private var scratch: [UInt8] = []

    init() {
        var fields = RecordFieldsBuilder()
        paths = FieldPathTable(fields: &fields)
        self.fields = fields
    }

    /// The fields of the one JSON object that `bytes` holds (white space around it allowed).
    mutating func flattenObject(
        _ bytes: UnsafeBufferPointer<UInt8>
    ) throws(Failure) -> (names: RawFieldNames, values: [String?]) {
        base = bytes.baseAddress
        index = 0
        end = bytes.count
        depth = 0
        defer { base = nil }
        fields.beginRecord()
        do throws(Failure) {
            skipWhitespace()
            guard index < end, byte == UInt8(ascii: "{") else {
                throw failure("expected a JSON object ({…}) but found \(describeNextToken())")
            }
            try parseObject(path: FieldPathTable.root)
            skipWhitespace()
            guard index == end else { throw failure("unexpected text after the end of the object") }
        } catch {
            fields.discardRecord()
            throw error
        }
        return fields.finishRecord()
    }

    // MARK: - Values

    private mutating func parseObject(path parent: Int) throws(Failure) {
        try enterContainer()
        skipWhitespace()
        if index < end, byte == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard index < end, byte == UInt8(ascii: "\"") else {
                throw failure(index < end ? "expected a quoted field name" : "the object is not closed")
            }
            let path = try parseKey(in: parent)
            skipWhitespace()
            guard index < end, byte == UInt8(ascii: ":") else {
                throw failure("expected ':' after \"\(paths.fieldName(of: path))\"")
            }
            index += 1
            skipWhitespace()
            try parseValue(path: path)
            skipWhitespace()
            guard index < end else { throw failure("the object is not closed") }
            let separator = byte
            index += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "}") { break }
            index -= 1
            throw failure("expected ',' or '}' after the value of \"\(paths.fieldName(of: path))\"")
        }
        depth -= 1
    }

    private mutating func parseValue(path: Int) throws(Failure) {
        guard index < end else { throw failure("a value is missing") }
        switch byte {
        case UInt8(ascii: "{"): try parseObject(path: path)
        case UInt8(ascii: "["): try parseArray(path: path)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            fields.remove(slot: paths.slot(of: path))
        default: fields.set(try parseScalar(), slot: paths.slot(of: path))
        }
    }

    private mutating func parseArray(path: Int) throws(Failure) {
        try enterContainer()
        skipWhitespace()
        if index < end, byte == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return
        }
        var joined: String?
        var position = 0
        while true {
            skipWhitespace()
            guard index < end else { throw failure("the array is not closed") }
            switch byte {
            case UInt8(ascii: "{"): try parseObject(path: elementPath(path, position))
            case UInt8(ascii: "["): try parseArray(path: elementPath(path, position))
            case UInt8(ascii: "n"): try expectLiteral("null")
            default:
                let text = try parseScalar()
                if joined == nil {
                    joined = text
                } else {
                    joined! += ";" + text
                }
            }
            position += 1
            skipWhitespace()
            guard index < end else { throw failure("the array is not closed") }
            let separator = byte
            index += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "]") { break }
            index -= 1
            throw failure("expected ',' or ']' in the array \"\(paths.fieldName(of: path))\"")
        }
        if let joined { fields.set(joined, slot: paths.slot(of: path)) }
        depth -= 1
    }

    /// The path of an object or array inside an array: its position is its name (`items.0`).
    private mutating func elementPath(_ path: Int, _ position: Int) -> Int {
        var name = String(position)
        return name.withUTF8 { paths.child(of: path, named: $0, fields: &fields) }
    }

    /// A field name: found by its raw bytes when it has no escapes, else unescaped first.
    private mutating func parseKey(in parent: Int) throws(Failure) -> Int {
        let pointer = base.unsafelyUnwrapped
        let start = index + 1
        var cursor = start
        var highBits: UInt8 = 0
        while cursor < end {
            let current = pointer[cursor]
            if current == UInt8(ascii: "\"") {
                let name = UnsafeBufferPointer(start: pointer + start, count: cursor - start)
                if highBits & 0x80 != 0 { try validateUTF8(name, at: start) }
                index = cursor + 1
                return paths.child(of: parent, named: name, fields: &fields)
            }
            if current == UInt8(ascii: "\\") || current < 0x20 { break }
            highBits |= current
            cursor += 1
        }
        var name = try parseString()
        return name.withUTF8 { paths.child(of: parent, named: $0, fields: &fields) }
    }

    /// A string, number, `true` or `false`, as text.
    private mutating func parseScalar() throws(Failure) -> String {
        switch byte {
        case UInt8(ascii: "\""): return try parseString()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return "true"
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return "false"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("expected a value but found \(describeNextToken())")
        }
    }

    private mutating func enterContainer() throws(Failure) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw failure("objects and arrays are nested more than \(Self.maximumDepth) levels deep")
        }
        index += 1
    }

    // MARK: - Tokens

    private mutating func parseString() throws(Failure) -> String {
        index += 1
        let start = index
        var highBits: UInt8 = 0
        let pointer = base.unsafelyUnwrapped
        while index < end {
            let current = pointer[index]
            if current == UInt8(ascii: "\"") {
                let bytes = UnsafeBufferPointer(start: pointer + start, count: index - start)
                if highBits & 0x80 != 0 { try validateUTF8(bytes, at: start) }
                index += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if current == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if current < 0x20 { throw failure(Self.controlCharacterMessage) }
            highBits |= current
            index += 1
        }
        throw failure("the string is not closed", at: start - 1)
    }

    private mutating func parseEscapedString(from start: Int) throws(Failure) -> String {
        let pointer = base.unsafelyUnwrapped
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: pointer + start, count: index - start))
        while index < end {
            let current = pointer[index]
            if current == UInt8(ascii: "\"") {
                index += 1
                let isValid = scratch.withUnsafeBufferPointer { UTF8Validation.firstInvalidByte(in: $0) == nil }
                if !isValid { try validateUTF8(rawStringFrom: start) }
                return String(decoding: scratch, as: UTF8.self)
            }
            if current < 0x20 { throw failure(Self.controlCharacterMessage) }
            guard current == UInt8(ascii: "\\") else {
                scratch.append(current)
                index += 1
                continue
            }
            guard index + 1 < end else { break }
            let escaped = pointer[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escaped)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"): try appendUnicodeEscape()
            default:
                index -= 2
                throw failure("\\\(Character(Unicode.Scalar(escaped))) is not a JSON escape")
            }
        }
        throw failure("the string is not closed", at: start - 1)
    }

    /// After `\u`: four hex digits, and a second `\uXXXX` for a surrogate pair.
    private mutating func appendUnicodeEscape() throws(Failure) {
        let escapeStart = index - 2
        var value = try hexQuad()
        if (0xD800...0xDBFF).contains(value) {
            let pointer = base.unsafelyUnwrapped
            guard index + 1 < end, pointer[index] == UInt8(ascii: "\\"), pointer[index + 1] == UInt8(ascii: "u") else {
                throw failure("\\u escape of an unpaired surrogate", at: escapeStart)
            }
            index += 2
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure("\\u escape of an unpaired surrogate", at: escapeStart)
            }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(value) {
            throw failure("\\u escape of an unpaired surrogate", at: escapeStart)
        }
        scratch.append(contentsOf: UTF8.encode(Unicode.Scalar(value)!)!)
    }

    private mutating func hexQuad() throws(Failure) -> UInt32 {
        guard index + 4 <= end else { throw failure("\\u must be followed by four hex digits") }
        var value: UInt32 = 0
        let pointer = base.unsafelyUnwrapped
        for offset in 0..<4 {
            let digit = pointer[index + offset]
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: throw failure("\\u must be followed by four hex digits")
            }
            value = value << 4 | UInt32(nibble)
        }
        index += 4
        return value
    }

    /// A number, checked against the JSON grammar and kept exactly as written.
    private mutating func parseNumber() throws(Failure) -> String {
        let start = index
        let pointer = base.unsafelyUnwrapped
        if pointer[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, isDigit(pointer[index]) else { throw failure("a number needs digits", at: start) }
        if pointer[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if index < end, pointer[index] == UInt8(ascii: ".") {
            index += 1
            guard index < end, isDigit(pointer[index]) else { throw failure("a number needs digits after '.'") }
            skipDigits()
        }
        if index < end, pointer[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < end, pointer[index] == UInt8(ascii: "+") || pointer[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end, isDigit(pointer[index]) else { throw failure("a number needs digits in its exponent") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(start: pointer + start, count: index - start), as: UTF8.self)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= end,
              memcmp(base.unsafelyUnwrapped + index, literal.utf8Start, count) == 0 else {
            throw failure("expected a value but found \(describeNextToken())")
        }
        index += count
    }

    // MARK: - Helpers

    private var byte: UInt8 { base.unsafelyUnwrapped[index] }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func skipDigits() {
        let pointer = base.unsafelyUnwrapped
        while index < end, isDigit(pointer[index]) { index += 1 }
    }

    private mutating func skipWhitespace() {
        let pointer = base.unsafelyUnwrapped
        while index < end {
            switch pointer[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private func validateUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(Failure) {
        if let bad = UTF8Validation.firstInvalidByte(in: bytes) {
            throw Failure(code: "encoding.utf8", message: "a string has a byte that is not UTF-8 "
                + "(0x\(String(bytes[bad], radix: 16, uppercase: true))): re-export the file as UTF-8",
                offset: start + bad)
        }
    }

    /// Locates the bad byte of an escaped string in the raw input (the unescaped copy has other offsets).
    private func validateUTF8(rawStringFrom start: Int) throws(Failure) {
        let raw = UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - 1 - start)
        try validateUTF8(raw, at: start)
        throw Failure(code: "encoding.utf8", message: "a string has bytes that are not UTF-8: re-export the file as "
            + "UTF-8", offset: start)
    }

    private func describeNextToken() -> String {
        guard index < end else { return "the end of the input" }
        switch byte {
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default: return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }

    private func failure(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(code: "json.invalid", message: message, offset: offset ?? index)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LeadBridge

/// Looks at an XML file's prolog (the XML declaration, comments and processing instructions before the document
/// element) and refuses a DOCTYPE before libxml2 parses anything.
///
/// Entity declarations live in a DOCTYPE, so refusing it refuses external entities (XXE: reading local files) and
/// entity expansion (billion laughs) at once. libxml2 can begin expanding entities in the same read that first
/// reports the DOCTYPE node, so this check comes first; the reader's node checks remain as a second line.
enum XMLPrologInspector {
    /// What to do about a refused DTD or entity, for messages.
    static let refusal = "LeadBridge refuses XML exports with a DOCTYPE, DTD or entity declarations for safety "
        + "(external entities can read local files, entity expansion can exhaust memory). Re-export the file "
        + "without a DOCTYPE."

    /// How much of the file's start is examined; a prolog is a few hundred bytes.
    static let inspectedBytes = 64 * 1024

    /// Throws ``SourceError/Code/hostile`` when the prolog holds `<!DOCTYPE`, and
    /// ``SourceError/Code/unsupportedFormat`` when the file is UTF-16 (``UTF16Signature``). Reads with `pread`, so
    /// the descriptor's offset stays at the start of the file.
    static func refuseDoctype(descriptor: Int32, path: String) throws(SourceError) {
        var buffer = [UInt8](repeating: 0, count: inspectedBytes)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return }
        try buffer.withUnsafeBufferPointer { bytes throws(SourceError) in
            try UTF16Signature.refuse(UnsafeBufferPointer(rebasing: bytes[0..<count]), path: path)
            if let offset = doctypeOffset(in: UnsafeBufferPointer(rebasing: bytes[0..<count])) {
                let line = ByteLines.count(in: UnsafeBufferPointer(rebasing: bytes[0..<offset])) + 1
                throw SourceError(.hostile, "the file declares a DOCTYPE. " + refusal, source: path, line: line)
            }
        }
    }

    /// The offset of a `<!DOCTYPE` in the prolog, or nil when the prolog has none.
    static func doctypeOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                index += 1
                continue
            default: break
            }
            if starts(bytes, at: index, with: "<?") {
                guard let end = find(bytes, "?>", from: index + 2) else { return nil }
                index = end + 2
            } else if starts(bytes, at: index, with: "<!--") {
                guard let end = find(bytes, "-->", from: index + 4) else { return nil }
                index = end + 3
            } else if starts(bytes, at: index, with: "<!DOCTYPE") || starts(bytes, at: index, with: "<!doctype") {
                return index
            } else {
                return nil
            }
        }
        return nil
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0
    }

    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString, from: Int) -> Int? {
        var index = from
        while index < bytes.count {
            if starts(bytes, at: index, with: text) { return index }
            index += 1
        }
        return nil
    }
}

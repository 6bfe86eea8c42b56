#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LeadBridge

/// Collects the fields of one XML record as the reader walks its nodes.
///
/// Leaf elements give fields named by their path below the record (`campaign.name`), attributes give `@name`
/// fields (`campaign.@id`); text comes through exactly as libxml2 decoded it. An empty leaf (or one marked
/// `xsi:nil="true"`) is absent; a leaf name that repeats joins its values with `;`. Text beside child elements is
/// kept only when it is more than white space.
struct XMLRecordBuilder {
    private struct Frame {
        var path: Int
        /// The element's own text so far: `textCount` bytes of the record's text from `textStart`; -1 for none.
        var textStart = 0
        var textCount = -1
        var hasChildElements = false
        var isNil = false
    }

    private var fields: RecordFieldsBuilder
    private var paths: FieldPathTable
    private var frames: [Frame] = []
    /// The record's text, and where each field's value is in it (by slot). Records carry these as they are and
    /// make strings of them where they are read (``RawRecord/init(names:text:spans:location:)``).
    private var text: [UInt8] = []
    private var spans: [RawTextSpan] = []
    private var lastTextSize = 256

    init() {
        var fields = RecordFieldsBuilder()
        paths = FieldPathTable(fields: &fields)
        self.fields = fields
    }

    mutating func beginRecord() {
        frames.removeAll(keepingCapacity: true)
        text = []
        text.reserveCapacity(lastTextSize)
        spans = []
        frames.append(Frame(path: FieldPathTable.root))
    }

    /// Opens a child element, by a name libxml2 interned in its reader's dictionary (an expanded node's `name`).
    mutating func openElement(interned name: UnsafePointer<CChar>) {
        let parent = frames.count - 1
        frames[parent].hasChildElements = true
        let path = paths.child(of: frames[parent].path, interned: name, fields: &fields)
        frames.append(Frame(path: path))
    }

    mutating func appendText(_ piece: UnsafePointer<CChar>) {
        let bytes = Self.bytes(piece)
        let top = frames.count - 1
        let frame = frames[top]
        if frame.textCount < 0 {
            frames[top].textStart = text.count
            frames[top].textCount = bytes.count
        } else if frame.textStart + frame.textCount == text.count {
            frames[top].textCount += bytes.count
        } else {
            // Text on both sides of a child element: move what came before to the end, then add this piece.
            let before = Array(text[frame.textStart..<frame.textStart + frame.textCount])
            frames[top].textStart = text.count
            frames[top].textCount = before.count + bytes.count
            text.append(contentsOf: before)
        }
        text.append(contentsOf: bytes)
    }

    mutating func addAttribute(_ name: UnsafePointer<CChar>, value: UnsafePointer<CChar>) {
        guard value.pointee != 0 else { return }
        let path = paths.child(of: frames[frames.count - 1].path, named: Self.bytes(name), isAttribute: true,
                               fields: &fields)
        let start = text.count
        text.append(contentsOf: Self.bytes(value))
        setValue(start: start, count: text.count - start, slot: paths.slot(of: path))
    }

    /// Sets a field to `count` bytes of the text from `start`; a field set before gets `;` and these bytes added.
    private mutating func setValue(start: Int, count: Int, slot: Int) {
        if slot >= spans.count { spans.append(contentsOf: repeatElement(.absent, count: slot - spans.count + 1)) }
        guard let first = spans[slot].range else {
            spans[slot] = RawTextSpan(start: start, count: count)
            return
        }
        let joined = Array(text[first]) + [UInt8(ascii: ";")] + Array(text[start..<start + count])
        spans[slot] = RawTextSpan(start: text.count, count: joined.count)
        text.append(contentsOf: joined)
    }

    /// Marks the innermost element as null (`xsi:nil="true"`).
    mutating func markNil() { frames[frames.count - 1].isNil = true }

    /// Closes the innermost element. Returns true when that was the record element.
    mutating func closeElement() -> Bool {
        let frame = frames.removeLast()
        if !frame.isNil, frame.textCount > 0,
           !frame.hasChildElements || hasMoreThanWhiteSpace(frame.textStart..<frame.textStart + frame.textCount) {
            setValue(start: frame.textStart, count: frame.textCount, slot: paths.slot(of: frame.path))
        }
        return frames.isEmpty
    }

    /// Whether text beside child elements is more than white space (as `Character.isWhitespace` says).
    private func hasMoreThanWhiteSpace(_ range: Range<Int>) -> Bool {
        let bytes = text[range]
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return bytes.contains { !($0 == 0x20 || (0x09...0x0D).contains($0)) }
        }
        return String(decoding: bytes, as: UTF8.self).contains { !$0.isWhitespace }
    }

    /// The record just closed, for ``RawRecord/init(names:text:spans:location:)``.
    mutating func takeFields() -> (names: RawFieldNames, text: [UInt8], spans: [RawTextSpan]) {
        lastTextSize = max(64, text.count)
        let record = (fields.nameTable(), text, spans)
        text = []
        spans = []
        return record
    }

    private static func bytes(_ name: UnsafePointer<CChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name))
    }
}

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
        var text: String?
        var hasChildElements = false
        var isNil = false
    }

    private var fields: RecordFieldsBuilder
    private var paths: FieldPathTable
    private var frames: [Frame] = []

    init() {
        var fields = RecordFieldsBuilder()
        paths = FieldPathTable(fields: &fields)
        self.fields = fields
    }

    /// True while a record is open.
    var isOpen: Bool { !frames.isEmpty }

    /// Open elements, the record element included.
    var depth: Int { frames.count }

    mutating func beginRecord() {
        frames.removeAll(keepingCapacity: true)
        fields.beginRecord()
        frames.append(Frame(path: FieldPathTable.root))
    }

    mutating func openElement(_ name: UnsafePointer<CChar>) {
        let parent = frames.count - 1
        frames[parent].hasChildElements = true
        let path = paths.child(of: frames[parent].path, named: Self.bytes(name), fields: &fields)
        frames.append(Frame(path: path))
    }

    /// ``openElement(_:)`` for a name libxml2 interned in its reader's dictionary (an expanded node's `name`).
    mutating func openElement(interned name: UnsafePointer<CChar>) {
        let parent = frames.count - 1
        frames[parent].hasChildElements = true
        let path = paths.child(of: frames[parent].path, interned: name, fields: &fields)
        frames.append(Frame(path: path))
    }

    mutating func appendText(_ text: UnsafePointer<CChar>) {
        let top = frames.count - 1
        if frames[top].text == nil {
            frames[top].text = String(cString: text)
        } else {
            frames[top].text! += String(cString: text)
        }
    }

    mutating func addAttribute(_ name: UnsafePointer<CChar>, value: UnsafePointer<CChar>) {
        guard value.pointee != 0 else { return }
        let path = paths.child(of: frames[frames.count - 1].path, named: Self.bytes(name), isAttribute: true,
                               fields: &fields)
        fields.set(String(cString: value), slot: paths.slot(of: path), joining: true)
    }

    /// Marks the innermost element as null (`xsi:nil="true"`).
    mutating func markNil() { frames[frames.count - 1].isNil = true }

    /// Closes the innermost element. Returns true when that was the record element.
    mutating func closeElement() -> Bool {
        let frame = frames.removeLast()
        if !frame.isNil, let text = frame.text, !text.isEmpty,
           !frame.hasChildElements || text.contains(where: { !$0.isWhitespace }) {
            fields.set(text, slot: paths.slot(of: frame.path), joining: true)
        }
        return frames.isEmpty
    }

    /// The fields of the record just closed.
    mutating func takeFields() -> (names: RawFieldNames, values: [String?]) { fields.finishRecord() }

    /// Drops an open or closed record without returning it.
    mutating func discard() {
        frames.removeAll(keepingCapacity: true)
        fields.discardRecord()
    }

    private static func bytes(_ name: UnsafePointer<CChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name))
    }
}

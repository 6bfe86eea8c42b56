internal import CLibXML2

/// What libxml2's parser had built when it met its first fatal error: the elements still open (whose end tags it
/// never read) and how far into the file it had got. Taken in the error handler, before the parser stops building
/// nodes, because after the error libxml2 may pop its element stack without closing anything.
///
/// Elements of the tree that are not open here are complete: the records among them can still be read.
struct XMLParserBreak {
    /// An element whose end tag the parser never read, outermost first.
    struct OpenElement {
        var node: UnsafeMutablePointer<xmlNode>
        var name: String
        var line: Int
    }

    var openElements: [OpenElement]
    /// The document the parser was building.
    var document: UnsafeMutablePointer<xmlDoc>?
    /// The file offset where the parser stopped.
    var byteOffset: Int
    /// The parser stopped inside a CDATA section, whose opening it had read already.
    var isInCDATA: Bool

    init(_ context: UnsafeMutablePointer<xmlParserCtxt>) {
        let parser = context.pointee
        openElements = (0..<Int(max(parser.nodeNr, 0))).compactMap { index in
            guard let node = parser.nodeTab?[index], let name = node.pointee.name else { return nil }
            return OpenElement(
                node: node, name: String(cString: UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)),
                line: Int(xmlGetLineNo(node)))
        }
        document = parser.myDoc
        byteOffset = max(0, xmlByteConsumed(context))
        isInCDATA = parser.instate == XML_PARSER_CDATA_SECTION
    }

    /// Whether `node` is an element whose end tag was never read.
    func isOpen(_ node: UnsafeMutablePointer<xmlNode>) -> Bool {
        openElements.contains { $0.node == node }
    }

    /// Whether `tail` (the bytes from where the parser stopped to the end of the file) is one construct the file
    /// ends in before it is finished: text with no markup after it, or a tag, comment, CDATA section or processing
    /// instruction that never closes (`inCDATA`: the parser had read the section's opening already).
    static func isUnfinishedMarkup(_ tail: [UInt8], inCDATA: Bool) -> Bool {
        if inCDATA { return !contains(tail[...], Array("]]>".utf8)) }
        guard tail.first == UInt8(ascii: "<") else { return !tail.contains(UInt8(ascii: "<")) }
        for (opening, closing) in [("<![CDATA[", "]]>"), ("<!--", "-->"), ("<?", "?>")]
        where tail.starts(with: Array(opening.utf8)) {
            return !contains(tail.dropFirst(opening.utf8.count), Array(closing.utf8))
        }
        // A tag: it ends at the first `>` outside a quoted attribute value.
        var quote: UInt8?
        for byte in tail.dropFirst() {
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return false
            }
        }
        return true
    }

    private static func contains(_ bytes: ArraySlice<UInt8>, _ pattern: [UInt8]) -> Bool {
        guard bytes.count >= pattern.count else { return false }
        var index = bytes.startIndex
        while index <= bytes.endIndex - pattern.count {
            if bytes[index..<index + pattern.count].elementsEqual(pattern) { return true }
            index += 1
        }
        return false
    }
}

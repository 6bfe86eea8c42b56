#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
internal import CLibXML2
import LeadBridge

/// One libxml2 `xmlTextReader` over one file or one in-memory document (an API response): owns the reader and the
/// file descriptor or a copy of the bytes, captures libxml2's errors, and frees them when it goes away.
///
/// The parser options are the safe ones only: no entity substitution (`NOENT`), no external DTD loading
/// (`DTDLOAD`), no DTD default attributes (`DTDATTR`), no relaxed limits (`HUGE`), and no network (`NONET`).
/// `COMPACT` and `BIG_LINES` only change how nodes are stored.
final class XMLTextReaderSession {
    /// A libxml2 error as its structured error handler reported it.
    struct Issue {
        var message: String
        var code: Int32
        var line: Int?
        var column: Int?
    }

    static let parserOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOXINCNODE.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_BIG_LINES.rawValue
    )

    /// libxml2 must be initialised once, before any concurrent use.
    private static let libraryInitialized: Void = xmlInitParser()

    let path: String
    /// The libxml2 reader, for node accessors on the hot path.
    let reader: OpaquePointer
    /// The name of the record elements, once known: a cut-off file is said to end inside the record it breaks.
    var recordElement: String?
    /// What the parser had built when it met its first fatal error; nil until then.
    private(set) var parserBreak: XMLParserBreak?
    /// The open file; -1 for an in-memory document.
    private let descriptor: Int32
    /// The size of the file or document in bytes; -1 when unknown.
    private let fileSize: Int
    /// The in-memory document's bytes, which libxml2 reads in place; nil for a file.
    private let buffer: UnsafeMutableRawBufferPointer?
    /// What to do about a refused DTD or entity, for messages.
    private let refusal: String
    private var firstFatal: Issue?
    private var firstError: Issue?

    /// Opens `path`, refusing a DOCTYPE in its prolog before libxml2 parses anything.
    init(path: String) throws(SourceError) {
        _ = Self.libraryInitialized
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SourceError(.unreadable, "cannot open the file: \(String(cString: strerror(errno))); check the "
                + "path and its permissions", source: path)
        }
        do throws(SourceError) {
            try XMLPrologInspector.refuseDoctype(descriptor: descriptor, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        var status = stat()
        let fileSize = fstat(descriptor, &status) == 0 ? Int(status.st_size) : -1
        guard let reader = xmlReaderForFd(descriptor, path, nil, Self.parserOptions) else {
            close(descriptor)
            throw SourceError(.unreadable, "libxml2 could not start reading the file", source: path)
        }
        self.path = path
        self.reader = reader
        self.descriptor = descriptor
        self.fileSize = fileSize
        self.buffer = nil
        self.refusal = XMLPrologInspector.refusal
        installErrorHandler()
    }

    /// Reads an in-memory document (an API's XML response) with the same safe options, refusing a DOCTYPE in its
    /// prolog before libxml2 parses anything.
    ///
    /// - Parameter name: what the document is, for messages (`GET /api/prospect/version/4/do/query`).
    init(bytes: some Collection<UInt8>, name: String) throws(SourceError) {
        _ = Self.libraryInitialized
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        _ = buffer.initializeMemory(as: UInt8.self, from: bytes)
        let count = bytes.count
        do throws(SourceError) {
            try XMLPrologInspector.refuseDoctype(
                in: UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count),
                name: name)
        } catch {
            buffer.deallocate()
            throw error
        }
        let base = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
        guard let reader = xmlReaderForMemory(base, Int32(clamping: count), name, nil, Self.parserOptions) else {
            buffer.deallocate()
            throw SourceError(.unreadable, "libxml2 could not start reading the document", source: name)
        }
        self.path = name
        self.reader = reader
        self.descriptor = -1
        self.fileSize = count
        self.buffer = buffer
        self.refusal = XMLPrologInspector.memoryRefusal
        installErrorHandler()
    }

    private func installErrorHandler() {
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            Unmanaged<XMLTextReaderSession>.fromOpaque(context).takeUnretainedValue().capture(error.pointee)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
        if descriptor >= 0 { close(descriptor) }
        buffer?.deallocate()
    }

    /// Advances to the next node.
    ///
    /// - Returns: false at the end of the document.
    /// - Throws: ``SourceError/Code/malformed`` with libxml2's message, line and column when the document is not
    ///   well-formed; ``SourceError/Code/hostile`` when libxml2 stopped on an entity problem.
    func read() throws(SourceError) -> Bool {
        let status = xmlTextReaderRead(reader)
        if status == 1 { return true }
        if status == 0 { return false }
        throw failure()
    }

    /// Moves past the current node's subtree to the node after it (`xmlTextReaderNext`).
    func skipSubtree() throws(SourceError) -> Bool {
        let status = xmlTextReaderNext(reader)
        if status == 1 { return true }
        if status == 0 { return false }
        throw failure()
    }

    /// Parses the whole subtree of the current element and returns it (`xmlTextReaderExpand`); valid until the
    /// reader moves on.
    func expand() throws(SourceError) -> UnsafeMutablePointer<xmlNode> {
        guard let node = xmlTextReaderExpand(reader) else { throw failure() }
        return node
    }

    /// The line the current node starts on (approximate past line 65,534, where libxml2 stops storing node lines).
    var currentLine: Int {
        if let node = xmlTextReaderCurrentNode(reader) {
            let line = xmlGetLineNo(node)
            if line > 0, line < 65_535 { return line }
        }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    private func capture(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.message.map { String(cString: $0) } ?? "libxml2 error \(error.code)"
        let issue = Issue(message: Self.trimmed(message), code: error.code,
                          line: error.line > 0 ? Int(error.line) : nil,
                          column: error.int2 > 0 ? Int(error.int2) : nil)
        if firstError == nil { firstError = issue }
        if firstFatal == nil, error.level.rawValue >= XML_ERR_FATAL.rawValue {
            firstFatal = issue
            if error.domain == Int32(XML_FROM_PARSER.rawValue), let context = error.ctxt {
                parserBreak = XMLParserBreak(context.assumingMemoryBound(to: xmlParserCtxt.self))
            }
        }
    }

    private func failure() -> SourceError {
        guard let issue = firstFatal ?? firstError else {
            return SourceError(.malformed, "libxml2 stopped reading without giving a reason; check that the file is "
                + "complete, well-formed XML", source: path, line: Int(xmlTextReaderGetParserLineNumber(reader)))
        }
        if Self.entityErrorCodes.contains(issue.code) {
            return SourceError(.hostile, "libxml2 refused an entity (\(issue.message)). "
                + refusal, source: path, line: issue.line, column: issue.column)
        }
        if let cutOff = cutOff(issue) { return cutOff }
        return SourceError(.malformed, "the XML is not well-formed: \(issue.message). The export is incomplete or "
            + "damaged; export it again", source: path, line: issue.line, column: issue.column)
    }

    /// The error for a file that is empty or ends before its document does (libxml2 says "Extra content at the end
    /// of the document" for both, or names whatever construct the file ends in); nil for damage inside the file.
    private func cutOff(_ issue: Issue) -> SourceError? {
        if isBlank() {
            return SourceError(.malformed, "the file is empty: an XML export holds one document element with the "
                + "records inside it. Export the file again", source: path, line: 1)
        }
        guard let parserBreak, endsInsideMarkup(from: parserBreak.byteOffset, inCDATA: parserBreak.isInCDATA) else {
            return nil
        }
        let open = parserBreak.openElements
        guard let element = open.last(where: { $0.name == recordElement }) ?? open.last else {
            return SourceError(.malformed, "the file ends before its document element begins: it is cut off, or not "
                + "an XML export. Export the file again", source: path, line: issue.line)
        }
        return SourceError(.malformed, "the file ends inside <\(element.name)> at line \(element.line): it is cut "
            + "off. Every record that ends before that point was read; export the file again and import it to get "
            + "the rest", source: path, line: issue.line)
    }

    /// Whether the file holds nothing but white space (and a UTF-8 byte order mark).
    private func isBlank() -> Bool {
        guard fileSize >= 0, fileSize <= XMLPrologInspector.inspectedBytes else { return false }
        guard fileSize > 0 else { return true }
        let bytes = readBytes(from: 0, count: fileSize)
        let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        return content.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Whether the file ends inside the construct at `offset`, where the parser stopped: that construct never ends
    /// and no markup follows it (damage inside the file leaves markup after the place it is found).
    private func endsInsideMarkup(from offset: Int, inCDATA: Bool) -> Bool {
        let limit = 64 * 1024
        guard fileSize >= offset, fileSize - offset <= limit else { return false }
        let tail = readBytes(from: offset, count: fileSize - offset)
        return XMLParserBreak.isUnfinishedMarkup(tail, inCDATA: inCDATA)
    }

    private func readBytes(from offset: Int, count: Int) -> [UInt8] {
        if let buffer {
            let end = min(offset + count, fileSize)
            return offset < end ? Array(UnsafeRawBufferPointer(rebasing: buffer[offset..<end])) : []
        }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
        return Array(bytes.prefix(max(read, 0)))
    }

    /// libxml2 errors that mean entity expansion or external entities were attempted.
    private static let entityErrorCodes: Set<Int32> = [
        Int32(XML_ERR_ENTITY_LOOP.rawValue), Int32(XML_ERR_ENTITY_IS_EXTERNAL.rawValue),
        Int32(XML_ERR_ENTITY_PE_INTERNAL.rawValue), Int32(XML_ERR_EXT_ENTITY_STANDALONE.rawValue),
        Int32(XML_ERR_ENTITY_BOUNDARY.rawValue), Int32(XML_ERR_ENTITY_PROCESSING.rawValue),
        Int32(XML_ERR_ENTITYREF_IN_DTD.rawValue),
    ]

    private static func trimmed(_ text: String) -> String {
        var characters = Substring(text)
        while let last = characters.last, last.isWhitespace { characters.removeLast() }
        while let first = characters.first, first.isWhitespace { characters.removeFirst() }
        return String(characters)
    }
}

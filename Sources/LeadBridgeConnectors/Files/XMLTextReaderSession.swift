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
    /// The open file; -1 for an in-memory document.
    private let descriptor: Int32
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
        guard let reader = xmlReaderForFd(descriptor, path, nil, Self.parserOptions) else {
            close(descriptor)
            throw SourceError(.unreadable, "libxml2 could not start reading the file", source: path)
        }
        self.path = path
        self.reader = reader
        self.descriptor = descriptor
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
        if firstFatal == nil, error.level.rawValue >= XML_ERR_FATAL.rawValue { firstFatal = issue }
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
        return SourceError(.malformed, "the XML is not well-formed: \(issue.message). The export is incomplete or "
            + "damaged; export it again", source: path, line: issue.line, column: issue.column)
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

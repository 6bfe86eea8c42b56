#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LeadBridge

/// A file read through one reusable buffer, for the byte-level export parsers.
///
/// Parsers look at `bytes[start..<end]`, move `start` past what they have consumed, and call ``readMore(recordLine:)``
/// when a record runs past `end`: the unconsumed tail moves to the front and the rest of the buffer is filled from
/// the file. Memory is one chunk, or the longest record if that is longer, whatever the size of the file.
final class ChunkedFileInput {
    let path: String
    /// The buffer; only `start..<end` holds unconsumed file bytes.
    private(set) var bytes: UnsafeMutableBufferPointer<UInt8>
    /// The first byte not yet consumed.
    private(set) var start = 0
    /// One past the last byte read from the file.
    private(set) var end = 0
    /// True once a read returned end of file: `start..<end` is then all that is left.
    private(set) var reachedEndOfFile = false
    /// The file offset of `bytes[0]`.
    private(set) var offsetOfBuffer = 0

    private let descriptor: Int32
    private let maximumRecordBytes: Int

    init(path: String, chunkSize: Int = 256 * 1024, maximumRecordBytes: Int = 64 * 1024 * 1024) throws(SourceError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SourceError(.unreadable, "cannot open the file: \(Self.describeErrno()); check the path and its "
                + "permissions", source: path)
        }
        self.path = path
        self.descriptor = descriptor
        self.maximumRecordBytes = max(chunkSize, maximumRecordBytes)
        bytes = .allocate(capacity: chunkSize)
    }

    deinit {
        close(descriptor)
        bytes.deallocate()
    }

    /// The file offset of the buffer index `index`, for messages.
    func fileOffset(of index: Int) -> Int { offsetOfBuffer + index }

    /// Marks everything before `index` as consumed.
    func consume(upTo index: Int) { start = index }

    /// Reads the first bytes and steps over a UTF-8 byte order mark, which exports from Excel and some CRMs start
    /// with; refuses a UTF-16 one (``UTF16Signature``).
    func skipByteOrderMark() throws(SourceError) {
        while end - start < 3, try readMore(recordLine: 1) {}
        try UTF16Signature.refuse(UnsafeBufferPointer(rebasing: bytes[start..<end]), path: path)
        if end - start >= 3, bytes[start] == 0xEF, bytes[start + 1] == 0xBB, bytes[start + 2] == 0xBF {
            consume(upTo: start + 3)
        }
    }

    /// Moves the unconsumed bytes to the front of the buffer and reads more after them, growing the buffer when
    /// one record fills it.
    ///
    /// - Parameter recordLine: the line of the record being read, for the error when it is too long.
    /// - Returns: false when the file had no more bytes (``reachedEndOfFile`` is then true).
    /// - Throws: ``SourceError/Code/unreadable`` when the read fails; ``SourceError/Code/malformed`` when a single
    ///   record is longer than the limit (usually an unterminated quote or a file in another format).
    func readMore(recordLine: Int) throws(SourceError) -> Bool {
        if reachedEndOfFile { return false }
        if start > 0 {
            let pending = end - start
            if pending > 0 {
                UnsafeMutableRawPointer(bytes.baseAddress!)
                    .copyMemory(from: bytes.baseAddress! + start, byteCount: pending)
            }
            offsetOfBuffer += start
            start = 0
            end = pending
        }
        if end == bytes.count { try grow(recordLine: recordLine) }
        while true {
            let count = read(descriptor, bytes.baseAddress! + end, bytes.count - end)
            if count > 0 {
                end += count
                return true
            }
            if count == 0 {
                reachedEndOfFile = true
                return false
            }
            if errno == EINTR { continue }
            throw SourceError(.unreadable, "reading the file failed: \(Self.describeErrno())", source: path,
                              line: recordLine)
        }
    }

    private func grow(recordLine: Int) throws(SourceError) {
        guard bytes.count < maximumRecordBytes else {
            throw SourceError(.malformed, "one record is longer than \(maximumRecordBytes >> 20) MiB; the file is "
                + "probably in another format, or a quote or bracket opened here is never closed", source: path,
                line: recordLine)
        }
        let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(bytes.count * 2, maximumRecordBytes))
        UnsafeMutableRawPointer(larger.baseAddress!).copyMemory(from: bytes.baseAddress!, byteCount: end)
        bytes.deallocate()
        bytes = larger
    }

    private static func describeErrno() -> String {
        String(cString: strerror(errno))
    }
}

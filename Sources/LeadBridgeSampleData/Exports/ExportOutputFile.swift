#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written through one bounded buffer: text is appended, and the buffer goes to the file whenever it fills.
final class ExportOutputFile {
    static let bufferSize = 256 * 1024

    let path: String
    private(set) var bytesWritten = 0
    private var descriptor: Int32
    private var buffer: [UInt8] = []

    init(path: String) throws(SampleExportError) {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        self.path = path
        guard descriptor >= 0 else { throw Self.failure(path, "cannot create the file") }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func append(_ text: String) throws(SampleExportError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Writes what is buffered and closes the file.
    func finish() throws(SampleExportError) {
        try flush()
        let status = close(descriptor)
        descriptor = -1
        guard status == 0 else { throw Self.failure(path, "closing the file failed") }
    }

    private func flush() throws(SampleExportError) {
        var written = 0
        while written < buffer.count {
            let count = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, "writing the file failed")
            }
            written += count
        }
        bytesWritten += written
        buffer.removeAll(keepingCapacity: true)
    }

    private static func failure(_ path: String, _ what: String) -> SampleExportError {
        SampleExportError(path: path, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
